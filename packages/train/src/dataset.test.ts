import { describe, expect, it } from "vitest";
import { arrayDataset, epochOrder } from "./dataset.js";

// Sample i is [i, 10 + i] with label i % 3, so every batch row shows where it came from.
const n = 7;
const x = Float32Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? k / 2 : 10 + (k - 1) / 2));
const y = Float32Array.from({ length: n }, (_, i) => i % 3);

describe("arrayDataset", () => {
  it("yields batches in order, the last one smaller, with shapes [batch, ...sample] and [batch]", () => {
    const data = arrayDataset({ x, sampleShape: [2], y });
    expect(data.size).toBe(7);
    // Read each batch before drawing the next: batch tensors are reused.
    const got = Array.from(data.batches(3), (b) => ({ size: b.size, xs: b.x.shape, ys: b.y.shape, x: Array.from(b.x.dataSync()), y: Array.from(b.y.dataSync()) }));
    expect(got).toEqual([
      { size: 3, xs: [3, 2], ys: [3], x: [0, 10, 1, 11, 2, 12], y: [0, 1, 2] },
      { size: 3, xs: [3, 2], ys: [3], x: [3, 13, 4, 14, 5, 15], y: [0, 1, 2] },
      { size: 1, xs: [1, 2], ys: [1], x: [6, 16], y: [0] },
    ]);
  });

  it("shuffles by seed and epoch, keeping inputs and targets together", () => {
    const data = arrayDataset({ x, sampleShape: [2], y });
    const order = (seed: number, epoch: number) => [...data.batches(7, { shuffle: true, seed, epoch })].flatMap((b) => {
      const xs = b.x.dataSync();
      const ys = b.y.dataSync();
      return Array.from({ length: b.size }, (_, i) => {
        expect(xs[2 * i + 1]).toBe(10 + xs[2 * i]);
        expect(ys[i]).toBe(xs[2 * i] % 3);
        return xs[2 * i];
      });
    });
    expect(order(1, 0)).toEqual(Array.from(epochOrder(7, 1, 0)));
    expect([...order(1, 0)].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(order(1, 0)).toEqual(order(1, 0));
    expect(order(1, 1)).not.toEqual(order(1, 0));
    expect(order(2, 0)).not.toEqual(order(1, 0));
  });

  it("reuses the batch tensors of one size", () => {
    const data = arrayDataset({ x, sampleShape: [2], y });
    const [a, b] = [...data.batches(3)];
    expect(a.x).toBe(b.x);
  });

  it("carries dense targets with targetShape", () => {
    const data = arrayDataset({ x, sampleShape: [1, 2], y: x, targetShape: [2] });
    const [b] = [...data.batches(7)];
    expect(b.x.shape).toEqual([7, 1, 2]);
    expect(b.y.shape).toEqual([7, 2]);
  });

  it("explains inputs and targets that disagree", () => {
    expect(() => arrayDataset({ x: new Float32Array(5), sampleShape: [2], y })).toThrow(/5 values, not a whole number of samples of shape \[2\]/);
    expect(() => arrayDataset({ x, sampleShape: [2], y: new Float32Array(6) })).toThrow(/x holds 7 samples but y holds 6 targets/);
    expect(() => [...arrayDataset({ x, sampleShape: [2], y }).batches(0)]).toThrow(/batchSize must be a positive integer, got 0/);
  });
});
