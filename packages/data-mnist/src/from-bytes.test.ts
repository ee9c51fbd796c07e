import { describe, expect, it } from "vitest";
import { DataFileError } from "./data-file-error.js";
import { fashionMnistFromBytes, mnistFromBytes } from "./from-bytes.js";
import { MNIST_STATS, pixelStats } from "./pixel-stats.js";
import { synthetic, writeIdx } from "./test-fixtures.js";

describe("mnistFromBytes", () => {
  it("decodes four files, gzip and raw mixed, into train and test splits", async () => {
    const set = synthetic(12, 5, 1);
    const { train, test } = await mnistFromBytes({
      trainImages: set.gz.trainImages,
      trainLabels: set.raw.trainLabels,
      testImages: set.raw.testImages.slice().buffer,
      testLabels: set.gz.testLabels,
    });
    expect([train.size, train.rows, train.cols, test.size]).toEqual([12, 28, 28, 5]);
    expect(train.images).toEqual(set.trainImages);
    expect(train.labels).toEqual(set.trainLabels);
    expect(test.images).toEqual(set.testImages);
    expect(test.labels).toEqual(set.testLabels);
    expect(train.stats).toBe(MNIST_STATS);
  });

  it("takes images of any size, the same in train and test", async () => {
    const set = synthetic(3, 2, 2, 5, 4);
    const { train } = await mnistFromBytes(set.raw);
    expect([train.rows, train.cols]).toEqual([5, 4]);
  });

  it("says which files disagree on the number of examples", async () => {
    const set = synthetic(12, 5, 1);
    const files = { ...set.raw, trainLabels: writeIdx("ubyte", [11], set.trainLabels.subarray(0, 11)) };
    await expect(mnistFromBytes(files)).rejects.toThrowError(
      new DataFileError("train-labels-idx1-ubyte", "has 11 labels but train-images-idx3-ubyte has 12 images"),
    );
  });

  it("rejects wrong element types and ranks, out-of-range labels and mismatched image sizes", async () => {
    const set = synthetic(4, 2, 3);
    await expect(mnistFromBytes({ ...set.raw, testLabels: writeIdx("int", [2], [1, 2]) })).rejects.toThrow(
      "t10k-labels-idx1-ubyte: expected ubyte values of shape [*], but the header declares [2] int values (8 bytes)",
    );
    await expect(mnistFromBytes({ ...set.raw, trainImages: writeIdx("ubyte", [4, 784], set.trainImages) })).rejects.toThrow(
      "train-images-idx3-ubyte: expected ubyte values of shape [*, *, *], but the header declares [4, 784] ubyte values (3136 bytes)",
    );
    await expect(mnistFromBytes({ ...set.raw, testLabels: writeIdx("ubyte", [2], [3, 10]) })).rejects.toThrow(
      "t10k-labels-idx1-ubyte: label 10 at index 1 is outside 0–9",
    );
    await expect(mnistFromBytes({ ...set.raw, testImages: writeIdx("ubyte", [2, 28, 27], new Uint8Array(2 * 28 * 27)) })).rejects.toThrow(
      "t10k-images-idx3-ubyte: images are 28×27 but the training images (train-images-idx3-ubyte) are 28×28",
    );
  });

  it("passes on IDX errors with the file name", async () => {
    const set = synthetic(4, 2, 3);
    await expect(mnistFromBytes({ ...set.raw, testImages: set.raw.testImages.subarray(0, 100) })).rejects.toThrow(
      /^t10k-images-idx3-ubyte: truncated/,
    );
  });
});

describe("fashionMnistFromBytes", () => {
  it("normalises with the statistics of its own training pixels", async () => {
    const set = synthetic(6, 2, 4);
    const { train, test } = await fashionMnistFromBytes(set.gz);
    expect(train.stats).toEqual(pixelStats(set.trainImages));
    expect(test.stats).toEqual(train.stats);
  });
});
