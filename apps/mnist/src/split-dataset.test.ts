import { MNIST_STATS, MnistSplit, pixelTable, splitDataset } from "@chainrule/data-mnist";
import { Rng } from "@chainrule/tensor";
import { arrayDataset, type Dataset } from "@chainrule/train";
import { describe, expect, it } from "vitest";

describe("data-mnist's splitDataset as train's Dataset", () => {
  it("type-checks as a Dataset and walks the same batches as train's arrayDataset over the same pixels", () => {
    const rng = new Rng(4);
    const images = Uint8Array.from({ length: 7 * 784 }, () => rng.int(256));
    const labels = Uint8Array.from({ length: 7 }, () => rng.int(10));
    // Assigning to Dataset is the structural check: data-mnist does not import train.
    const ours: Dataset = splitDataset(new MnistSplit({ images, labels }), { layout: "image" });
    const unit = pixelTable("unit", MNIST_STATS); // the float32 value each pixel byte becomes
    const reference = arrayDataset({ x: Array.from(images, (p) => unit[p]), sampleShape: [28, 28, 1], y: labels });
    const walk = (d: Dataset) => Array.from(d.batches(3), (b) => ({ shape: [...b.x.shape], x: Array.from(b.x.dataSync()), y: Array.from(b.y.dataSync()), size: b.size }));
    expect(ours.size).toBe(reference.size);
    expect(walk(ours)).toEqual(walk(reference));
  });
});
