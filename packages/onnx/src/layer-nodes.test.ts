// Every layer type exported alone (or behind the layer that puts it in the layout it must handle)
// and run in onnxruntime, against chainrule's inference forward on the same input.
import {
  AvgPool2D, BaseLayer, BatchNorm, Conv2D, Dense, Dropout, Flatten, LeakyReLU, MaxPool2D, ReLU, Reshape, Sequential, Sigmoid, Softmax, Tanh,
  type Layer,
} from "@chainrule/layers";
import { JsBackend, Rng, setSeed, type Shape, sizeOf, type Tensor, tensor, withBackend } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { exportOnnx } from "./export-onnx.js";
import { OnnxExportError } from "./onnx-export-error.js";
import { backends, compareWithOnnx, perturbVectors, uniformValues } from "./test-runtime.js";

const TOL = 1e-4;
const BATCH = 3;

interface Case {
  name: string;
  inputShape: Shape;
  layers: () => Layer[];
  /** Training-mode forwards before the comparison, so BatchNorm's running statistics are not 0 and 1. */
  warmup?: number;
}

const cases: Case[] = [
  { name: "Dense", inputShape: [7], layers: () => [new Dense({ units: 5 })] },
  { name: "Dense without bias", inputShape: [7], layers: () => [new Dense({ units: 5, useBias: false })] },
  { name: "Conv2D valid 3x3", inputShape: [6, 6, 2], layers: () => [new Conv2D({ filters: 3, kernelSize: 3 })] },
  // in 8, k 3, stride 2: output 4, padding 1 in total, all of it after (bottom / right), as TF.
  { name: "Conv2D stride 2 same", inputShape: [8, 8, 3], layers: () => [new Conv2D({ filters: 4, kernelSize: 3, stride: 2, padding: "same" })] },
  // k 2x3 on 7x6 with stride [1, 2]: padding 1 (0 + 1) in height and 1 (0 + 1) in width.
  { name: "Conv2D 2x3 kernel, stride [1, 2], same", inputShape: [7, 6, 2], layers: () => [new Conv2D({ filters: 3, kernelSize: [2, 3], stride: [1, 2], padding: "same" })] },
  { name: "Conv2D padding 1, stride 2, no bias", inputShape: [7, 7, 2], layers: () => [new Conv2D({ filters: 3, kernelSize: 3, stride: 2, padding: 1, useBias: false })] },
  { name: "MaxPool2D 2x2", inputShape: [6, 6, 2], layers: () => [new MaxPool2D()] },
  { name: "MaxPool2D 3x3 stride 2 same", inputShape: [7, 7, 2], layers: () => [new MaxPool2D({ poolSize: 3, stride: 2, padding: "same" })] },
  // Windows at the border hold fewer cells; chainrule divides by the cells inside the image.
  { name: "AvgPool2D 3x3 stride 2 same", inputShape: [8, 8, 2], layers: () => [new AvgPool2D({ poolSize: 3, stride: 2, padding: "same" })] },
  { name: "AvgPool2D 3x3 padding 1", inputShape: [5, 5, 2], layers: () => [new AvgPool2D({ poolSize: 3, stride: 1, padding: 1 })] },
  { name: "BatchNorm over features", inputShape: [6], layers: () => [new BatchNorm({ eps: 1e-3 })], warmup: 3 },
  { name: "BatchNorm over image channels", inputShape: [4, 4, 3], layers: () => [new BatchNorm()], warmup: 3 },
  { name: "Conv2D then BatchNorm (channels-first)", inputShape: [5, 5, 2], layers: () => [new Conv2D({ filters: 3, kernelSize: 3, padding: "same" }), new BatchNorm()], warmup: 3 },
  { name: "ReLU", inputShape: [9], layers: () => [new ReLU()] },
  { name: "LeakyReLU", inputShape: [9], layers: () => [new LeakyReLU({ alpha: 0.2 })] },
  { name: "Sigmoid", inputShape: [9], layers: () => [new Sigmoid()] },
  { name: "Tanh", inputShape: [9], layers: () => [new Tanh()] },
  { name: "Softmax", inputShape: [9], layers: () => [new Softmax()] },
  { name: "Softmax over image channels", inputShape: [3, 3, 4], layers: () => [new Softmax()] },
  { name: "Conv2D then Softmax (channels-first)", inputShape: [4, 4, 2], layers: () => [new Conv2D({ filters: 5, kernelSize: 1 }), new Softmax()] },
  { name: "Conv2D then activations (channels-first)", inputShape: [4, 4, 2], layers: () => [new Conv2D({ filters: 3, kernelSize: 3, padding: "same" }), new LeakyReLU(), new Sigmoid()] },
  { name: "Flatten", inputShape: [3, 4, 2], layers: () => [new Flatten()] },
  // The Dense weights are [h·w·c] rows in NHWC order: a Flatten of NCHW values would scramble them.
  { name: "Conv2D, Flatten, Dense", inputShape: [5, 5, 2], layers: () => [new Conv2D({ filters: 3, kernelSize: 3 }), new Flatten(), new Dense({ units: 4 })] },
  { name: "Reshape to an image, then Conv2D", inputShape: [12], layers: () => [new Reshape({ targetShape: [2, 2, 3] }), new Conv2D({ filters: 2, kernelSize: 2 })] },
  { name: "Conv2D, Reshape to [pixels, channels]", inputShape: [4, 4, 2], layers: () => [new Conv2D({ filters: 3, kernelSize: 3, padding: "same" }), new Reshape({ targetShape: [-1, 3] })] },
  { name: "Dropout (the identity at inference)", inputShape: [6], layers: () => [new Dense({ units: 5 }), new Dropout({ rate: 0.5 }), new Dense({ units: 3 })] },
  { name: "Dropout alone", inputShape: [6], layers: () => [new Dropout({ rate: 0.5 })] },
  { name: "nested Sequential", inputShape: [6], layers: () => [new Sequential([new Dense({ units: 5, name: "inner" }), new Tanh()], { name: "block" }), new Dense({ units: 2 })] },
];

describe.each(backends)("exportOnnx on $name: each layer against onnxruntime", ({ backend }) => {
  it.each(cases)("$name", async ({ inputShape, layers, warmup = 0 }) => {
    setSeed(17); // the weights
    const rng = new Rng(17);
    const model = withBackend(backend, () => new Sequential(layers(), { inputShape }));
    await perturbVectors(model, rng);
    const count = BATCH * sizeOf(inputShape);
    for (let i = 0; i < warmup; i++) {
      // Mean 0.7, deviation ~1.2: running statistics move away from (0, 1).
      withBackend(backend, () => model.forward(tensor(uniformValues(count, rng, -1.3, 2.7), [BATCH, ...inputShape], backend), true));
    }
    for (const { tensor: stat } of model.buffers()) expect(Array.from(await stat.data()).every((v) => v === 0 || v === 1)).toBe(false);
    const { maxDiff, chainrule } = await compareWithOnnx(model, backend, uniformValues(count, rng, -2, 2));
    expect(chainrule.some((v) => v !== 0)).toBe(true);
    expect(maxDiff).toBeLessThanOrEqual(TOL);
  });
});

/** A custom layer, unknown to the export (what it computes does not matter here). */
class Square extends BaseLayer {
  readonly type = "Square";
  protected setup(s: Shape): Shape {
    return s;
  }
  protected forwardPass(x: Tensor): Tensor {
    return x;
  }
  protected backwardPass(dy: Tensor): Tensor {
    return dy;
  }
  config() {
    return { type: this.type, name: this.name };
  }
}

describe("exportOnnx refuses what it cannot translate", () => {
  const backend = new JsBackend();

  it("names an unsupported layer and its type", async () => {
    const model = withBackend(backend, () => new Sequential([new Dense({ units: 4 }), new Square({ name: "sq" })], { inputShape: [3] }));
    const error = await exportOnnx(model).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OnnxExportError);
    expect((error as Error).message).toMatch(/^exportOnnx: layer 'sq' of type Square has no ONNX translation; supported: Dense, Conv2D, .*Dropout/);
  });

  it("refuses a subclass of a built-in layer, which may compute something else", async () => {
    class ScaledReLU extends ReLU {}
    const model = withBackend(backend, () => new Sequential([new ScaledReLU({ name: "act" })], { inputShape: [3] }));
    await expect(exportOnnx(model)).rejects.toThrow("layer 'act' of type ReLU has no ONNX translation (a subclass of the built-in ReLU, which may compute something else)");
  });

  it("refuses pooling padded by a whole window, which ONNX rejects", async () => {
    const model = withBackend(backend, () => new Sequential([new MaxPool2D({ poolSize: 2, padding: 2, name: "pool" })], { inputShape: [4, 4, 1] }));
    await expect(exportOnnx(model)).rejects.toThrow("MaxPool2D 'pool' pads [top, left, bottom, right] = [2, 2, 2, 2] reach a whole window (2x2) outside the image");
  });
});
