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

  it("takes nested arrays, one entry per sample, reading the sample and target shapes off them", () => {
    const data = arrayDataset({ x: [[[0, 10]], [[1, 11]], [[2, 12]]], y: [[1, 0], [0, 1], [1, 1]] });
    const [b] = [...data.batches(3)];
    expect([b.x.shape, b.y.shape]).toEqual([[3, 1, 2], [3, 2]]);
    expect(Array.from(b.x.dataSync())).toEqual([0, 10, 1, 11, 2, 12]);
    expect(Array.from(b.y.dataSync())).toEqual([1, 0, 0, 1, 1, 1]);
    const xor = arrayDataset({ x: [[0, 0], [0, 1], [1, 0], [1, 1]], y: [0, 1, 1, 0] });
    const [c] = [...xor.batches(4)];
    expect(xor.size).toBe(4);
    expect([c.x.shape, c.y.shape]).toEqual([[4, 2], [4]]);
    expect(Array.from(c.x.dataSync())).toEqual([0, 0, 0, 1, 1, 0, 1, 1]);
    expect(() => arrayDataset({ x: [[0, 1]], sampleShape: [3], y: [0] })).toThrow("arrayDataset: x holds entries of shape [2] but sampleShape is [3]");
    expect(() => arrayDataset({ x: [[0, 1]], y: [[0, 1, 2]], targetShape: [2] })).toThrow("arrayDataset: y holds entries of shape [3] but targetShape is [2]");
    expect(() => arrayDataset({ x: [[0, 1], [1, 0]], y: [0, 1, 1] })).toThrow("arrayDataset: x holds 2 samples but y holds 3 targets");
  });

  it("names the entry that makes nested arrays ragged or is not a number, and asks for sampleShape with flat x", () => {
    expect(() => arrayDataset({ x: [[0, 1], [2], [3, 4]], y: [0, 1, 2] })).toThrow(
      "arrayDataset: x[1] holds 1 entry where x[0] holds 2; nested arrays must be rectangular (every sample the same shape)",
    );
    expect(() => arrayDataset({ x: [[[0], [1]], [[2], [3, 4]]], y: [0, 1] })).toThrow("arrayDataset: x[1][1] holds 2 entries where x[0][0] holds 1");
    expect(() => arrayDataset({ x: [[0, 1], [2, "3"]] as never, y: [0, 1] })).toThrow('arrayDataset: x[1][1] is "3", not a number');
    expect(() => arrayDataset({ x: [[0, 1], 5] as never, y: [0, 1] })).toThrow("arrayDataset: x[1] is 5, where x[0] is an array of 2");
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point: it must be named, not skipped
    expect(() => arrayDataset({ x: [[0, 1], [2, , ]] as never, y: [0, 1] })).toThrow("arrayDataset: x[1][1] is undefined, not a number");
    expect(() => arrayDataset({ x: [0, 1, 2, 3], y: [0, 1] })).toThrow(
      "arrayDataset: sampleShape is needed when x is flat: give the shape of one sample, or pass x as nested arrays (one entry per sample)",
    );
  });
});
