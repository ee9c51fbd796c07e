// Preprocessing folded into the graph: raw 0–255 pixels through the export against chainrule on
// pixels normalised here in float64, as the MNIST batcher's table does.
import { Conv2D, Dense, Flatten, MaxPool2D, ReLU, Sequential } from "@chainrule/layers";
import { JsBackend, Rng, setSeed, withBackend } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { exportOnnx } from "./export-onnx.js";
import { OnnxExportError } from "./onnx-export-error.js";
import { argmaxRows, compareWithOnnx, perturbVectors } from "./test-runtime.js";

const backend = new JsBackend({ dtype: "float32" });
const BATCH = 8;

const rawPixels = (count: number, rng: Rng) => Float32Array.from({ length: count }, () => rng.int(256));
const normalise = (raw: Float32Array, f: (p: number) => number) => Float32Array.from(raw, f);

describe("exportOnnx preprocess", () => {
  it("standard: the CNN on raw pixels equals chainrule on (p/255 − mean)/std", async () => {
    setSeed(11); // the weights
    const rng = new Rng(11);
    const model = withBackend(backend, () => new Sequential([
      new Conv2D({ filters: 4, kernelSize: 3, padding: "same" }), new ReLU(), new MaxPool2D(), new Flatten(), new Dense({ units: 10 }),
    ], { inputShape: [28, 28, 1] }));
    await perturbVectors(model, rng);
    const raw = rawPixels(BATCH * 784, rng);
    const [mean, std] = [0.1307, 0.3081];
    const { chainrule, onnx, maxDiff } = await compareWithOnnx(model, backend, normalise(raw, (p) => (p / 255 - mean) / std), {
      export: { preprocess: { scale: 1 / 255, mean, std } }, onnxInput: raw,
    });
    expect(maxDiff).toBeLessThanOrEqual(1e-4);
    expect(argmaxRows(onnx, 10)).toEqual(argmaxRows(chainrule, 10));
  });

  it("unit: the MLP on raw pixels equals chainrule on p/255", async () => {
    setSeed(12); // the weights
    const rng = new Rng(12);
    const model = withBackend(backend, () => new Sequential([new Dense({ units: 32 }), new ReLU(), new Dense({ units: 10 })], { inputShape: [784] }));
    await perturbVectors(model, rng);
    const raw = rawPixels(BATCH * 784, rng);
    const { maxDiff } = await compareWithOnnx(model, backend, normalise(raw, (p) => p / 255), { export: { preprocess: { scale: 1 / 255 } }, onnxInput: raw });
    expect(maxDiff).toBeLessThanOrEqual(1e-4);
  });

  it("rejects a non-positive std, a non-finite value and an unknown key, naming the option", async () => {
    const model = withBackend(backend, () => new Sequential([new Dense({ units: 2 })], { inputShape: [3] }));
    await expect(exportOnnx(model, { preprocess: { std: 0 } })).rejects.toThrow(new OnnxExportError("exportOnnx: preprocess.std must be positive, got 0"));
    await expect(exportOnnx(model, { preprocess: { mean: Number.NaN } })).rejects.toThrow("preprocess.mean must be a finite number, got NaN");
    await expect(exportOnnx(model, { preprocess: { scale: 1, stdev: 2 } as never })).rejects.toThrow("unknown preprocess option(s) stdev");
  });
});
