import { gzipSync } from "node:zlib";
import { Rng } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { DataFileError } from "./data-file-error.js";
import { mnistFromBytes } from "./from-bytes.js";
import { gunzip } from "./gunzip.js";
import { readIdx } from "./read-idx.js";
import { gzipBomb, measure, synthetic, withLongName, writeIdx, type Cost } from "./test-fixtures.js";

// Bounds for refusing a bomb: generous safety limits, not speed targets. Before the limits were in
// place, each bomb below took 200 MiB and more.
const MAX_MS = 1000;
const MAX_MB = 100;
const ZEROS = 200 * 2 ** 20;

function expectCheap(cost: Cost): void {
  expect(cost.ms).toBeLessThan(MAX_MS);
  expect(cost.peakRssMB).toBeLessThan(MAX_MB);
  expect(cost.arrayBuffersMB).toBeLessThan(MAX_MB);
}

const bomb = gzipBomb([1e9], ZEROS);

describe("readIdx", () => {
  it("reads gzip-compressed and raw files alike", async () => {
    const raw = writeIdx("float", [2, 2], [1.5, -2, 0.25, 8]);
    const fromGz = await readIdx(gzipSync(raw), "f.gz");
    expect(fromGz.shape).toEqual([2, 2]);
    expect(Array.from(fromGz.data)).toEqual([1.5, -2, 0.25, 8]);
    expect(Array.from((await readIdx(new Uint8Array(raw).buffer)).data)).toEqual([1.5, -2, 0.25, 8]);
  });

  it("reads gzip data that arrives in many pieces, and a gzip header with a long name", async () => {
    const rng = new Rng(3);
    const values = Uint8Array.from({ length: 300_000 }, () => rng.int(256));
    const raw = writeIdx("ubyte", [300, 1000], values);
    const gz = gzipSync(raw, { level: 1 });
    expect(gz.length).toBeGreaterThan(4 * 16 * 1024); // several pieces for the decompressor
    // Buffer.equals: vitest's deep equality walks typed arrays element by element, slowly.
    const same = (data: ArrayLike<number>) => Buffer.from(data as Uint8Array).equals(values);
    expect(same((await readIdx(gz, "f.gz", { type: "ubyte", shape: [300, 1000] })).data)).toBe(true);
    expect(same((await readIdx(withLongName(gz, 100_000), "named.gz")).data)).toBe(true);
  });

  it("reads a file made like the bombs below whose header tells the truth (3 MiB of zeros)", async () => {
    const { shape, data } = await readIdx(gzipBomb([3, 2 ** 20], 3 * 2 ** 20), "honest.gz");
    expect(shape).toEqual([3, 2 ** 20]);
    expect(Buffer.from(data).equals(Buffer.alloc(3 * 2 ** 20))).toBe(true);
  });

  it("names the file when the gzip data is corrupt or cut short", async () => {
    const gz = gzipSync(writeIdx("ubyte", [100], new Array(100).fill(3)));
    await expect(readIdx(gz.subarray(0, 20), "broken.gz")).rejects.toThrow(/^broken\.gz: is not valid gzip data/);
    await expect(readIdx(gz.subarray(0, gz.length - 4), "short.gz")).rejects.toThrow(/^short\.gz: is not valid gzip data/);
  });

  it("checks the type and shape the caller expects", async () => {
    const file = writeIdx("ubyte", [2, 3], [1, 2, 3, 4, 5, 6]);
    for (const bytes of [file, gzipSync(file)]) {
      expect((await readIdx(bytes, "f", { type: "ubyte", shape: [null, 3] })).shape).toEqual([2, 3]);
      await expect(readIdx(bytes, "f", { type: "short" })).rejects.toThrowError(
        new DataFileError("f", "expected short values, but the header declares [2, 3] ubyte values (6 bytes)"),
      );
      await expect(readIdx(bytes, "f", { shape: [2, 3, 1] })).rejects.toThrow("f: expected values of shape [2, 3, 1], but the header declares");
      await expect(readIdx(bytes, "f", { maxBytes: 17 })).rejects.toThrow("f: the header declares [2, 3] ubyte values (6 bytes), 18 bytes in all, more than the limit of 17 (maxBytes)");
      expect((await readIdx(bytes, "f", { maxBytes: 18 })).data.length).toBe(6);
    }
    await expect(readIdx(file, "f", { maxBytes: Number.NaN })).rejects.toThrowError(new RangeError("f: maxBytes must be a positive number of bytes, got NaN"));
  });

  it("refuses a gzip bomb whose header declares more than maxBytes, having inflated only its start", async () => {
    const cost = await measure(() =>
      expect(readIdx(bomb, "bomb.gz")).rejects.toThrowError(
        new DataFileError("bomb.gz", "the header declares [1000000000] ubyte values (1000000000 bytes), 1000000008 bytes in all, more than the limit of 268435456 (maxBytes)"),
      ),
    );
    expectCheap(cost);
  });

  it("refuses a header that declares more than its gzip data can possibly inflate to", async () => {
    const cost = await measure(() =>
      expect(readIdx(bomb, "bomb.gz", { maxBytes: 2e9 })).rejects.toThrow(
        `bomb.gz: truncated: the header declares [1000000000] ubyte values (1000000000 bytes) but ${bomb.length} bytes of gzip data cannot inflate to more than ${bomb.length * 1032}`,
      ),
    );
    expectCheap(cost);
  });

  it("stops inflating at the size the header declares when more data follows", async () => {
    const long = gzipBomb([2 ** 20], ZEROS);
    const cost = await measure(() =>
      expect(readIdx(long, "bomb.gz")).rejects.toThrowError(
        new DataFileError("bomb.gz", "trailing data: the gzip data inflates to more than the 1048584-byte file its IDX header declares"),
      ),
    );
    expectCheap(cost);
  });

  it("refuses a bomb in place of MNIST images for its shape, before inflating it", async () => {
    const set = synthetic(3, 2, 1);
    const cost = await measure(() =>
      expect(mnistFromBytes({ ...set.gz, trainImages: bomb })).rejects.toThrow(
        "train-images-idx3-ubyte: expected ubyte values of shape [*, *, *], but the header declares [1000000000] ubyte values",
      ),
    );
    expectCheap(cost);
  });
});

describe("gunzip", () => {
  it("decompresses, and stops at maxBytes", async () => {
    expect(await gunzip(gzipSync(Uint8Array.of(1, 2, 3)))).toEqual(Uint8Array.of(1, 2, 3));
    const cost = await measure(() =>
      expect(gunzip(bomb, "b.gz", 2 ** 20)).rejects.toThrowError(new DataFileError("b.gz", "inflates to more than the limit of 1048576 bytes (maxBytes)")),
    );
    expectCheap(cost);
  });
});
