import { memory, Rng, type Tensor } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { MnistSplit } from "./mnist-split.js";
import { splitDataset } from "./split-dataset.js";

/** What a float32 batch holds for pixel p with "unit" normalisation: p · (1/255), both rounded to float32. */
const unit = (p: number): number => Math.fround(p * Math.fround(1 / 255));

const ROWS = 4;
const COLS = 3;
const PIXELS = ROWS * COLS;

/** Labels 0..size−1 (mod 256) so an epoch's order can be read off the labels. */
function makeSplit(size: number): MnistSplit {
  const rng = new Rng(3);
  return new MnistSplit({
    images: Uint8Array.from({ length: size * PIXELS }, () => rng.int(256)),
    labels: Uint8Array.from({ length: size }, (_, i) => i % 256),
    rows: ROWS,
    cols: COLS,
  });
}

/** Host copies of one epoch: labels in visiting order, and the x values. */
function drain(batches: Iterable<{ x: Tensor; y: Tensor; size: number }>) {
  const order: number[] = [];
  const xs: number[] = [];
  for (const b of batches) {
    order.push(...b.y.dataSync());
    xs.push(...b.x.dataSync());
  }
  return { order, xs };
}

describe("splitDataset", () => {
  it("walks the split in order without shuffle, pixels / 255, in the layout asked for", () => {
    const split = makeSplit(10);
    const data = splitDataset(split, { layout: "image" });
    expect(data.size).toBe(10);
    const shapes: number[][] = [];
    for (const b of data.batches(4)) shapes.push([...b.x.shape]);
    expect(shapes).toEqual([[4, ROWS, COLS, 1], [4, ROWS, COLS, 1], [2, ROWS, COLS, 1]]);
    const { order, xs } = drain(data.batches(4));
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(xs).toEqual(Array.from(split.images, (p) => unit(p)));
    data.dispose();
  });

  it("shuffles each epoch differently, every example once, and the order depends only on (seed, epoch)", () => {
    const split = makeSplit(50);
    const walked = splitDataset(split);
    const epochs = [0, 1, 2].map((epoch) => drain(walked.batches(8, { shuffle: true, seed: 7, epoch })).order);
    for (const order of epochs) expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(epochs[0]).not.toEqual(epochs[1]);
    expect(epochs[1]).not.toEqual(epochs[2]);
    // A fresh dataset asked straight for epoch 2 (a resumed run) visits the samples in the same order.
    const fresh = splitDataset(split);
    expect(drain(fresh.batches(8, { shuffle: true, seed: 7, epoch: 2 })).order).toEqual(epochs[2]);
    expect(drain(fresh.batches(8, { shuffle: true, seed: 8, epoch: 2 })).order).not.toEqual(epochs[2]);
    walked.dispose();
    fresh.dispose();
  });

  it("repeats the random shifts of an epoch from its seed", () => {
    const split = makeSplit(20);
    const a = splitDataset(split, { augment: { shift: 1 } });
    const b = splitDataset(split, { augment: { shift: 1 } });
    drain(a.batches(5, { shuffle: true, seed: 2, epoch: 0 }));
    const first = drain(a.batches(5, { shuffle: true, seed: 2, epoch: 1 }));
    expect(drain(b.batches(5, { shuffle: true, seed: 2, epoch: 1 }))).toEqual(first);
    // Shifted copies differ from the plain pixels somewhere.
    const plain = drain(splitDataset(split).batches(5, { shuffle: true, seed: 2, epoch: 1 }));
    expect(plain.order).toEqual(first.order);
    expect(plain.xs).not.toEqual(first.xs);
    a.dispose();
    b.dispose();
  });

  it("keeps its batch tensors across epochs and frees them on dispose", () => {
    const split = makeSplit(10);
    const before = memory().js?.tensors ?? 0;
    const data = splitDataset(split);
    const seen = new Set<Tensor>();
    for (let epoch = 0; epoch < 3; epoch++) for (const b of data.batches(4, { shuffle: true, epoch })) seen.add(b.x).add(b.y);
    expect(seen.size).toBe(4); // x and y for size 4 and for size 2
    expect(memory().js.tensors - before).toBe(4);
    data.dispose();
    expect(memory().js.tensors).toBe(before);
  });
});
