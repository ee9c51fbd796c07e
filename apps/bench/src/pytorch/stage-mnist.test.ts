// The PyTorch rows must train on what the Node rows train on. This reads the staged files the way
// python/pytorch_bench.py does (batch k = examples order[kB…], pixel = pixelValues[byte]) and
// compares every batch with the Batcher's, as trainOneEpoch draws them.
import { existsSync, readFileSync } from "node:fs";
import { Batcher, MnistSplit } from "@chainrule/data-mnist";
import { JsBackend } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { SHUFFLE_SEED, TRAIN_SPECS } from "../plan.js";
import { stageMnist } from "./stage-mnist.js";

/** `count` pseudo-random 28×28 images covering every byte value, labels 0..9. */
function split(count: number, salt: number): MnistSplit {
  const images = Uint8Array.from({ length: count * 784 }, (_, i) => ((i + salt) * 2654435761) >>> 24);
  return new MnistSplit({ images, labels: Uint8Array.from({ length: count }, (_, i) => (i * 7 + salt) % 10) });
}

const bytes = (file: string) => readFileSync(file);
const view = <T>(file: string, make: (b: ArrayBuffer, offset: number, length: number) => T, width: number): T => {
  const b = bytes(file);
  return make(b.buffer, b.byteOffset, b.byteLength / width);
};

describe("stageMnist", () => {
  const data = { train: split(300, 1), test: split(40, 2) };

  it.each(["mlp", "cnn"] as const)("stages the values and the order of the %s batches", (model) => {
    const staged = stageMnist(data, SHUFFLE_SEED);
    try {
      const images = bytes(staged.files.trainImages);
      const labels = bytes(staged.files.trainLabels);
      const values = view(staged.files.pixelValues, (b, o, n) => new Float32Array(b, o, n), 4);
      const order = view(staged.files.order, (b, o, n) => new Int32Array(b, o, n), 4);
      expect(values.length).toBe(256);
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i));

      const size = TRAIN_SPECS[model].batchSize;
      const layout = model === "mlp" ? "flat" : "image";
      const batcher = new Batcher(data.train, size, { shuffle: true, seed: SHUFFLE_SEED, layout, backend: new JsBackend() });
      let first = 0;
      for (const { x, y, size: count } of batcher.epoch()) {
        const index = order.subarray(first, first + count);
        expect([...y.dataSync()]).toEqual([...index].map((i) => labels[i]));
        const pixels = x.dataSync();
        const expected = new Float32Array(count * 784);
        index.forEach((i, b) => {
          for (let p = 0; p < 784; p++) expected[b * 784 + p] = values[images[i * 784 + p]];
        });
        expect(pixels).toEqual(expected);
        first += count;
      }
      expect(first).toBe(300);
      expect(bytes(staged.files.testImages)).toEqual(Buffer.from(data.test.images));
      expect(bytes(staged.files.testLabels)).toEqual(Buffer.from(data.test.labels));
    } finally {
      staged.remove();
    }
  });

  it("removes its folder and leaves no exit handler behind", () => {
    const exitHandlers = process.listenerCount("exit");
    const staged = stageMnist(data, SHUFFLE_SEED);
    expect(existsSync(staged.files.order)).toBe(true);
    staged.remove();
    expect(existsSync(staged.dir)).toBe(false);
    expect(process.listenerCount("exit")).toBe(exitHandlers);
  });
});
