import { randomNormal, Rng, ShapeError } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { BatchNorm } from "./batch-norm.js";
import { assertGradcheck, gradcheck } from "./gradcheck.js";

const rnd = (shape: number[], seed: number, mean = 0, std = 1) => randomNormal(shape, mean, std, { rng: new Rng(seed) });

/** Column statistics of a [rows, cols] matrix in float64: mean and biased variance. */
function columnStats(x: ArrayLike<number>, rows: number, cols: number) {
  const mean = new Float64Array(cols), variance = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c] += x[r * cols + c] / rows;
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) variance[c] += (x[r * cols + c] - mean[c]) ** 2 / rows;
  return { mean, variance };
}

describe("BatchNorm", () => {
  it("normalises each channel of an NHWC batch and updates the running statistics as PyTorch does", () => {
    const bn = new BatchNorm({ name: "bn1", momentum: 0.1, eps: 1e-5 });
    const x = rnd([2, 3, 3, 4], 1, 2, 3);
    const y = bn.forward(x, true).dataSync();
    const { mean, variance } = columnStats(x.dataSync(), 18, 4);
    const xs = x.dataSync();
    for (let i = 0; i < xs.length; i++) expect(y[i]).toBeCloseTo((xs[i] - mean[i % 4]) / Math.sqrt(variance[i % 4] + 1e-5), 4);
    const [runMean, runVar] = bn.buffers().map((b) => b.tensor.dataSync());
    for (let c = 0; c < 4; c++) {
      expect(runMean[c]).toBeCloseTo(0.1 * mean[c], 5);
      expect(runVar[c]).toBeCloseTo(0.9 + 0.1 * variance[c] * 18 / 17, 5);
    }
    expect(bn.buffers().map((b) => b.name)).toEqual(["bn1.running_mean", "bn1.running_var"]);
    expect(bn.parameters().map((p) => p.name)).toEqual(["bn1.weight", "bn1.bias"]);
  });

  it("uses the running statistics at inference", () => {
    const bn = new BatchNorm({ momentum: 1 });
    const train = rnd([5, 3], 2, 1, 2);
    bn.forward(train, true); // momentum 1: running stats = this batch's mean and unbiased variance
    const { mean, variance } = columnStats(train.dataSync(), 5, 3);
    const x = rnd([2, 3], 3);
    const y = bn.forward(x, false).dataSync();
    x.dataSync().forEach((v, i) => expect(y[i]).toBeCloseTo((v - mean[i % 3]) / Math.sqrt((variance[i % 3] * 5) / 4 + 1e-5), 4));
  });

  it("passes gradcheck in training mode: flat features, NHWC channels, batch 1 image", () => {
    const make = () => new BatchNorm();
    assertGradcheck(gradcheck(make, rnd([6, 3], 4)));
    assertGradcheck(gradcheck(make, rnd([2, 3, 2, 3], 5)));
    assertGradcheck(gradcheck(make, rnd([1, 3, 5, 2], 6)));
  });

  it("passes gradcheck in inference mode, where the running statistics are constants", () => {
    const make = () => {
      const bn = new BatchNorm();
      bn.build([2, 2, 3]);
      const [runMean, runVar] = bn.buffers().map((b) => b.tensor);
      runMean.backend.write(runMean.dataId, [0.5, -1, 2]);
      runVar.backend.write(runVar.dataId, [0.3, 2, 1.5]);
      return bn;
    };
    assertGradcheck(gradcheck(make, rnd([2, 2, 2, 3], 7), { training: false }));
  });

  it("rejects rank-2 samples, naming the layer, and a single value per channel in training", () => {
    expect(() => new BatchNorm({ name: "bn" }).build([4, 4])).toThrow(ShapeError);
    expect(() => new BatchNorm({ name: "bn" }).build([4, 4])).toThrow("BatchNorm 'bn' expects samples of shape [features] or [height, width, channels] but got [4, 4]");
    const bn = new BatchNorm({ name: "bn" });
    expect(() => bn.forward(rnd([1, 3], 8), true)).toThrow(
      "BatchNorm 'bn' in training expects more than one value per channel (batch·height·width ≥ 2) but got [1, 3]; train with batches of 2 or more, or call forward with training = false",
    );
    expect(bn.forward(rnd([1, 3], 8), false).shape).toEqual([1, 3]);
  });
});
