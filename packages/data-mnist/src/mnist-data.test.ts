import { describe, expect, it } from "vitest";
import { DataFileError } from "./data-file-error.js";
import { parseIdx } from "./idx.js";
import { mnistFromIdx } from "./mnist-data.js";
import { MNIST_FILE_NAMES, perFile } from "./mnist-files.js";
import { synthetic, writeIdx } from "./test-fixtures.js";

describe("mnistFromIdx", () => {
  // The loaders refuse such files from their headers already; mnistFromIdx checks arrays decoded elsewhere.
  it("rejects decoded files of the wrong element type or rank", () => {
    const set = synthetic(4, 2, 3);
    const files = perFile((key) => parseIdx(set.raw[key]));
    expect(() => mnistFromIdx({ ...files, testLabels: parseIdx(writeIdx("int", [2], [1, 2])) }, MNIST_FILE_NAMES)).toThrowError(
      new DataFileError("t10k-labels-idx1-ubyte", "expected ubyte labels of rank 1 [count], got int values of shape [2]"),
    );
    expect(() => mnistFromIdx({ ...files, trainImages: parseIdx(writeIdx("ubyte", [4, 784], new Uint8Array(4 * 784))) }, MNIST_FILE_NAMES)).toThrow(
      "train-images-idx3-ubyte: expected ubyte images of rank 3 [count, rows, cols], got ubyte values of shape [4, 784]",
    );
    expect(mnistFromIdx(files, MNIST_FILE_NAMES).train.size).toBe(4);
  });
});
