import { Conv2D, Dense, Flatten, MaxPool2D, ReLU, Sequential, Sigmoid, type Layer } from "@chainrule/layers";
import { Rng } from "@chainrule/tensor";
import type { ModelKind } from "../protocol.js";

/** How a model wants its images: flat [batch, 784] for dense models, NHWC [batch, 28, 28, 1] for conv. */
export type InputLayout = "flat" | "image";

/** Hidden layers of the deep pair: deep enough that sigmoid's gradient visibly fades on the way back. */
const DEEP_LAYERS = 8;
const DEEP_UNITS = 64;

/**
 * The model of a kind, with weights drawn from a generator seeded with `seed`. The model's name is
 * the kind, so a saved file says what it holds.
 *
 * @example
 * const model = buildModel("mlp", 1); // 784 → 128 ReLU → 10 logits
 */
export function buildModel(kind: ModelKind, seed: number): Sequential {
  const rng = new Rng(seed);
  const layers: Layer[] = [];
  switch (kind) {
    case "mlp":
      layers.push(new Dense({ units: 128, name: "fc1", rng }), new ReLU({ name: "relu1" }));
      break;
    case "cnn":
      layers.push(
        new Conv2D({ filters: 8, kernelSize: 3, padding: "same", name: "conv1", rng }), new ReLU({ name: "relu1" }), new MaxPool2D({ name: "pool1" }),
        new Conv2D({ filters: 16, kernelSize: 3, padding: "same", name: "conv2", rng }), new ReLU({ name: "relu2" }), new MaxPool2D({ name: "pool2" }),
        new Flatten({ name: "flatten" }),
      );
      break;
    case "deep-sigmoid":
    case "deep-relu":
      for (let i = 1; i <= DEEP_LAYERS; i++) {
        // Each activation gets the initializer made for it: Glorot keeps sigmoid's inputs near 0, He keeps ReLU's variance.
        const sigmoid = kind === "deep-sigmoid";
        layers.push(new Dense({ units: DEEP_UNITS, name: `fc${i}`, rng, kernelInitializer: sigmoid ? "glorotUniform" : "heNormal" }));
        layers.push(sigmoid ? new Sigmoid({ name: `sigmoid${i}` }) : new ReLU({ name: `relu${i}` }));
      }
      break;
  }
  const last = kind === "cnn" ? "fc1" : `fc${kind === "mlp" ? 2 : DEEP_LAYERS + 1}`;
  layers.push(new Dense({ units: 10, name: last, rng, kernelInitializer: "glorotUniform" }));
  return new Sequential(layers, { name: kind, inputShape: inputShapeOf(kind) });
}

/**
 * The layout a model of this kind reads.
 *
 * @example
 * layoutOf("cnn"); // "image"
 */
export function layoutOf(kind: ModelKind): InputLayout {
  return kind === "cnn" ? "image" : "flat";
}

function inputShapeOf(kind: ModelKind): number[] {
  return layoutOf(kind) === "image" ? [28, 28, 1] : [784];
}
