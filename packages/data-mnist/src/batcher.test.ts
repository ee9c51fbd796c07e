import { JsBackend, memory, Rng, tidy, type Tensor } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { Batcher, type BatchOptions } from "./batcher.js";
import { pixelTable } from "./pixel-table.js";
import { MnistSplit } from "./mnist-split.js";

/** What a float32 batch holds for pixel p with "unit" normalisation: p · (1/255), both rounded to float32. */
const unit = (p: number): number => Math.fround(p * Math.fround(1 / 255));

const ROWS = 4;
const COLS = 3;
const PIXELS = ROWS * COLS;

function makeSplit(size: number, seed = 1): MnistSplit {
  const rng = new Rng(seed);
  return new MnistSplit({
    images: Uint8Array.from({ length: size * PIXELS }, () => rng.int(256)),
    labels: Uint8Array.from({ length: size }, () => rng.int(10)),
    rows: ROWS,
    cols: COLS,
    stats: { mean: 0.25, std: 0.5 },
  });
}

/** Host copies of every batch of one epoch (a batch is only valid until the next is drawn). */
function drain(batches: Iterable<{ x: Tensor; y: Tensor; size: number }>) {
  const out: { x: number[]; y: number[]; size: number; xShape: readonly number[]; yShape: readonly number[] }[] = [];
  for (const b of batches) out.push({ x: Array.from(b.x.dataSync()), y: Array.from(b.y.dataSync()), size: b.size, xShape: b.x.shape, yShape: b.y.shape });
  return out;
}

function imageOf(split: MnistSplit, i: number): number[] {
  return Array.from(split.images.subarray(i * PIXELS, (i + 1) * PIXELS));
}

describe("Batcher", () => {
  it("yields flat batches in order, pixels / 255, labels as numbers, a smaller last batch", () => {
    const split = makeSplit(10);
    const batches = drain(split.batches(4));
    expect(batches.map((b) => b.size)).toEqual([4, 4, 2]);
    expect(batches.map((b) => b.xShape)).toEqual([[4, PIXELS], [4, PIXELS], [2, PIXELS]]);
    expect(batches.map((b) => b.yShape)).toEqual([[4], [4], [2]]);
    const xs = batches.flatMap((b) => b.x);
    expect(xs).toEqual(Array.from(split.images, (p) => unit(p)));
    expect(batches.flatMap((b) => b.y)).toEqual(Array.from(split.labels));
  });

  it("drops the short last batch with dropLast and shapes NHWC images with layout 'image'", () => {
    const split = makeSplit(10);
    const batches = drain(split.batches(4, { dropLast: true, layout: "image" }));
    expect(batches.map((b) => b.xShape)).toEqual([[4, ROWS, COLS, 1], [4, ROWS, COLS, 1]]);
    // NHWC with one channel is the row-major image itself: the first 8 examples, in order.
    expect(batches.flatMap((b) => b.x)).toEqual(Array.from(split.images.subarray(0, 8 * PIXELS), (p) => unit(p)));
    expect(batches.flatMap((b) => b.y)).toEqual(Array.from(split.labels.subarray(0, 8)));
  });

  it("standardises with the split's statistics", () => {
    const split = makeSplit(3);
    const [batch] = drain(split.batches(3, { normalize: "standard" }));
    batch.x.forEach((v, k) => expect(v).toBeCloseTo((split.images[k] / 255 - 0.25) / 0.5, 6));
  });

  it("holds exactly pixelTable's values on a float32 backend, shifted or not", () => {
    const split = makeSplit(6);
    for (const normalize of ["unit", "standard"] as const) {
      const table = pixelTable(normalize, split.stats);
      const [plain] = drain(split.batches(6, { normalize }));
      expect(plain.x).toEqual(Array.from(split.images, (p) => table[p]));
      // shifted images: every value is the table's value of some pixel, background that of 0
      const [shifted] = drain(split.batches(6, { normalize, augment: { shift: 2 }, seed: 3 }));
      const allowed = new Set(table);
      expect(shifted.x.every((v) => allowed.has(v))).toBe(true);
      expect(shifted.x).toContain(table[0]);
    }
  });

  it("writes float64 values into a float64 backend", () => {
    const split = makeSplit(2);
    const [batch] = drain(split.batches(2, { backend: new JsBackend({ dtype: "float64" }) }));
    expect(batch.x).toEqual(Array.from(split.images, (p) => p * Math.fround(1 / 255)));
  });

  it("shuffles with new Rng(seed): same seed, same batches; every example once per epoch", () => {
    const split = makeSplit(10);
    const options: BatchOptions = { shuffle: true, seed: 7 };
    const batches = drain(split.batches(4, options));
    const order = Array.from(new Rng(7).permutation(10));
    expect(batches.flatMap((b) => b.y)).toEqual(order.map((i) => split.labels[i]));
    expect(batches.flatMap((b) => b.x)).toEqual(order.flatMap((i) => imageOf(split, i).map((p) => unit(p))));
    expect(drain(split.batches(4, options))).toEqual(batches);
    expect(drain(split.batches(4, { ...options, seed: 8 }))).not.toEqual(batches);
  });

  it("draws a new order each epoch, continuing the same Rng", () => {
    const split = makeSplit(10);
    const batcher = new Batcher(split, 10, { shuffle: true, seed: 3 });
    const rng = new Rng(3);
    for (let epoch = 0; epoch < 3; epoch++) {
      const order = Array.from(rng.permutation(10));
      expect(drain(batcher.epoch())[0].y).toEqual(order.map((i) => split.labels[i]));
    }
    batcher.dispose();
  });

  it("restarts the Rng from the seed an epoch is given", () => {
    const split = makeSplit(10);
    const batcher = new Batcher(split, 10, { shuffle: true, seed: 3 });
    drain(batcher.epoch());
    const order = Array.from(new Rng(11).permutation(10));
    expect(drain(batcher.epoch(11))[0].y).toEqual(order.map((i) => split.labels[i]));
    expect(drain(batcher.epoch(11))[0].y).toEqual(order.map((i) => split.labels[i]));
    batcher.dispose();
  });

  it("shifts each image by at most ±shift pixels with zero fill, reproducibly", () => {
    const size = 200;
    const split = makeSplit(size, 5);
    const shiftsSeen = new Set<string>();
    const [batch] = drain(split.batches(size, { augment: { shift: 2 }, seed: 9 }));
    for (let i = 0; i < size; i++) {
      const got = batch.x.slice(i * PIXELS, (i + 1) * PIXELS);
      const src = imageOf(split, i);
      const matches: string[] = [];
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++) {
          const want = Array.from({ length: PIXELS }, (_, k) => {
            const r = Math.floor(k / COLS) - dy;
            const c = (k % COLS) - dx;
            return r >= 0 && r < ROWS && c >= 0 && c < COLS ? unit(src[r * COLS + c]) : 0;
          });
          if (want.every((v, k) => v === got[k])) matches.push(`${dy},${dx}`);
        }
      }
      expect(matches.length).toBeGreaterThan(0);
      shiftsSeen.add(matches[0]);
    }
    // 200 uniform draws from 25 shifts miss one with probability < 25·(24/25)^200 ≈ 6e-3; this seed hits all.
    expect(shiftsSeen.size).toBe(25);
    expect(drain(split.batches(size, { augment: { shift: 2 }, seed: 9 }))[0]).toEqual(batch);
  });

  it("reuses the same tensors for every batch of a size, across epochs", () => {
    const split = makeSplit(10);
    const before = memory().js?.tensors ?? 0;
    const batcher = new Batcher(split, 4);
    const seen = new Set<Tensor>();
    for (let epoch = 0; epoch < 3; epoch++) for (const b of batcher.epoch()) seen.add(b.x).add(b.y);
    expect(seen.size).toBe(4); // x and y for size 4 and for size 2
    expect(memory().js.tensors - before).toBe(4);
    batcher.dispose();
    expect(memory().js.tensors).toBe(before);
  });

  it("frees its tensors when a batches() loop ends or breaks", () => {
    const split = makeSplit(10);
    const before = memory().js?.tensors ?? 0;
    drain(split.batches(3));
    expect(memory().js.tensors).toBe(before);
    for (const b of split.batches(3)) {
      expect(b.size).toBe(3);
      break;
    }
    expect(memory().js.tensors).toBe(before);
  });

  it("keeps its tensors alive through a tidy() around a step", () => {
    const split = makeSplit(8);
    const batcher = new Batcher(split, 4);
    const epoch = batcher.epoch();
    tidy(() => void epoch.next());
    const second = epoch.next();
    expect(second.done).toBe(false);
    expect(Array.from(second.value ? second.value.y.dataSync() : [])).toEqual(Array.from(split.labels.subarray(4, 8)));
    batcher.dispose();
  });

  it("rejects bad options with a message naming the option", () => {
    const split = makeSplit(4);
    expect(() => new Batcher(split, 0)).toThrow("Batcher: batchSize must be a positive integer, got 0");
    expect(() => new Batcher(split, 2.5)).toThrow("Batcher: batchSize must be a positive integer, got 2.5");
    expect(() => new Batcher(split, 2, { layout: "nchw" as "flat" })).toThrow('Batcher: layout must be "flat" or "image", got "nchw"');
    expect(() => new Batcher(split, 2, { augment: { shift: -1 } })).toThrow("Batcher: augment.shift must be a non-negative integer, got -1");
  });

  it("counts batches per epoch", () => {
    expect(new Batcher(makeSplit(10), 4).batchesPerEpoch).toBe(3);
    expect(new Batcher(makeSplit(10), 4, { dropLast: true }).batchesPerEpoch).toBe(2);
  });
});
