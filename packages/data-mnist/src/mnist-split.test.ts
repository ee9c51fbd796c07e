import { Rng, ShapeError } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { MnistSplit } from "./mnist-split.js";
import { MNIST_STATS } from "./pixel-stats.js";

// Image i is 2×2 pixels all equal to i, so an image tells which example it is.
function numbered(size: number): MnistSplit {
  const images = new Uint8Array(size * 4);
  for (let i = 0; i < size; i++) images.fill(i, 4 * i, 4 * i + 4);
  return new MnistSplit({ images, labels: Uint8Array.from({ length: size }, (_, i) => i % 10), rows: 2, cols: 2, stats: { mean: 0.2, std: 0.3 } });
}

function ids(split: MnistSplit): number[] {
  return Array.from({ length: split.size }, (_, k) => split.images[4 * k]);
}

describe("MnistSplit", () => {
  it("defaults to 28×28 and MNIST's statistics", () => {
    const split = new MnistSplit({ images: new Uint8Array(2 * 784), labels: Uint8Array.of(3, 4) });
    expect([split.size, split.rows, split.cols]).toEqual([2, 28, 28]);
    expect(split.stats).toEqual({ mean: 0.1307, std: 0.3081 });
    expect(split.stats).toBe(MNIST_STATS);
  });

  it("rejects images and labels that disagree", () => {
    const make = () => new MnistSplit({ images: new Uint8Array(700), labels: new Uint8Array(1) });
    expect(make).toThrow(ShapeError);
    expect(make).toThrow("MnistSplit expects 1 labels × 28 × 28 = 784 pixels but got [700]; images and labels disagree");
  });

  it("splits off a seeded random validation set, both parts in the original order", () => {
    const all = numbered(20);
    const { train, validation } = all.split(6, 42);
    const chosen = Array.from(new Rng(42).permutation(20).subarray(0, 6)).sort((a, b) => a - b);
    expect(ids(validation)).toEqual(chosen);
    expect(ids(train)).toEqual(Array.from({ length: 20 }, (_, i) => i).filter((i) => !chosen.includes(i)));
    expect(Array.from(validation.labels)).toEqual(chosen.map((i) => i % 10));
    expect(validation.stats).toEqual({ mean: 0.2, std: 0.3 });
    expect(all.split(6, 42)).toEqual({ train, validation });
    expect(ids(all.split(6, 43).validation)).not.toEqual(chosen);
  });

  it("copies the pixels of a split, so the parts are independent of the original", () => {
    const all = numbered(5);
    const { validation } = all.split(2, 1);
    expect(validation.images.buffer).not.toBe(all.images.buffer);
  });

  it("rejects a validation size outside [0, size]", () => {
    expect(() => numbered(5).split(6)).toThrow("split: validationSize must be an integer in [0, 5], got 6");
    expect(() => numbered(5).split(1.5)).toThrow("split: validationSize must be an integer in [0, 5], got 1.5");
  });

  it("slices a range without copying", () => {
    const all = numbered(10);
    const part = all.slice(3, 7);
    expect(ids(part)).toEqual([3, 4, 5, 6]);
    expect(Array.from(part.labels)).toEqual([3, 4, 5, 6]);
    expect(part.images.buffer).toBe(all.images.buffer);
    expect(() => all.slice(4, 11)).toThrow("slice: need integers 0 ≤ start ≤ end ≤ 10, got 4 and 11");
  });
});
