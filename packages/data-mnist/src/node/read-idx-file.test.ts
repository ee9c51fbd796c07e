import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { Rng } from "@chainrule/tensor";
import { afterAll, describe, expect, it } from "vitest";
import { DataFileError } from "../data-file-error.js";
import { MNIST_FILE_KEYS, MNIST_FILE_NAMES } from "../mnist-files.js";
import { gzipBomb, measure, synthetic, withLongName, writeIdx, type Cost } from "../test-fixtures.js";
import { loadMnist } from "./load-mnist.js";
import { readIdxFile } from "./read-idx-file.js";

const dir = mkdtempSync(join(tmpdir(), "idx-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Bounds for refusing a bomb: generous safety limits, not speed targets. Before the limits were in
// place, the bomb below took 318 ms and 404 MB more peak memory.
const ZEROS = 200 * 2 ** 20;
function expectCheap(cost: Cost): void {
  expect(cost.ms).toBeLessThan(1000);
  expect(cost.peakRssMB).toBeLessThan(100);
}

const bomb = join(dir, "bomb.gz"); // declares [1e9] ubyte values
writeFileSync(bomb, gzipBomb([1e9], ZEROS));

describe("readIdxFile", () => {
  it("reads raw and gzip files alike, by their bytes whatever the name", () => {
    const file = writeIdx("short", [2, 2], [-1, 2, 300, -400]);
    writeFileSync(join(dir, "a.idx"), file);
    writeFileSync(join(dir, "b.idx"), gzipSync(file));
    for (const name of ["a.idx", "b.idx"]) {
      const { type, shape, data } = readIdxFile(join(dir, name));
      expect([type, shape, Array.from(data)]).toEqual(["short", [2, 2], [-1, 2, 300, -400]]);
    }
  });

  it("names the path of a missing, corrupt or malformed file", () => {
    const missing = join(dir, "missing");
    expect(() => readIdxFile(missing)).toThrow(new RegExp(`^${missing}: cannot be read \\(ENOENT`));
    const corrupt = join(dir, "corrupt.gz");
    writeFileSync(corrupt, gzipSync(writeIdx("ubyte", [50], new Uint8Array(50))).subarray(0, 15));
    expect(() => readIdxFile(corrupt)).toThrow(`${corrupt}: is not valid gzip data (unexpected end of file)`);
    const cut = join(dir, "cut.gz");
    const gz = gzipSync(writeIdx("ubyte", [5000], new Uint8Array(5000).fill(7)));
    writeFileSync(cut, gz.subarray(0, gz.length - 4));
    expect(() => readIdxFile(cut)).toThrow(`${cut}: is not valid gzip data (unexpected end of file)`);
    const text = join(dir, "notes.txt");
    writeFileSync(text, "hello");
    expect(() => readIdxFile(text)).toThrow(`${text}: wrong magic number 0x68656c6c; an IDX file starts with two zero bytes`);
  });

  it("finds the IDX header after a long gzip header, up to 64 KiB in", () => {
    const rng = new Rng(5);
    const values = Uint8Array.from({ length: 50_000 }, () => rng.int(256));
    const gz = gzipSync(writeIdx("ubyte", [50_000], values));
    const named = join(dir, "named.gz");
    writeFileSync(named, withLongName(gz, 20_000));
    expect(Buffer.from(readIdxFile(named).data).equals(values)).toBe(true);
    const tooLong = join(dir, "too-long.gz");
    writeFileSync(tooLong, withLongName(gz, 70_000));
    expect(() => readIdxFile(tooLong)).toThrowError(new DataFileError(tooLong, "has no complete IDX header in its first 65536 bytes of gzip data"));
  });

  it("checks the type and shape the caller expects, and refuses a file larger than maxBytes unread", () => {
    const path = join(dir, "small.idx");
    writeFileSync(path, gzipSync(writeIdx("ubyte", [2, 3], [1, 2, 3, 4, 5, 6])));
    expect(readIdxFile(path, { type: "ubyte", shape: [2, null] }).shape).toEqual([2, 3]);
    expect(() => readIdxFile(path, { type: "ubyte", shape: [3, null] })).toThrowError(
      new DataFileError(path, "expected ubyte values of shape [3, *], but the header declares [2, 3] ubyte values (6 bytes)"),
    );
    const raw = join(dir, "big.idx");
    writeFileSync(raw, writeIdx("ubyte", [2000], new Uint8Array(2000)));
    expect(() => readIdxFile(raw, { maxBytes: 1000 })).toThrowError(new DataFileError(raw, "is 2008 bytes, more than the limit of 1000 bytes (maxBytes)"));
  });

  it("refuses a gzip bomb whose header declares more than maxBytes, having inflated only its start", async () => {
    const cost = await measure(() =>
      expect(() => readIdxFile(bomb)).toThrowError(
        new DataFileError(bomb, "the header declares [1000000000] ubyte values (1000000000 bytes), 1000000008 bytes in all, more than the limit of 268435456 (maxBytes)"),
      ),
    );
    expectCheap(cost);
  });

  it("refuses a header that declares more than its gzip data can possibly inflate to", async () => {
    const size = statSync(bomb).size;
    const cost = await measure(() =>
      expect(() => readIdxFile(bomb, { maxBytes: 2e9 })).toThrow(
        `${bomb}: truncated: the header declares [1000000000] ubyte values (1000000000 bytes) but ${size} bytes of gzip data cannot inflate to more than ${size * 1032}`,
      ),
    );
    expectCheap(cost);
  });

  it("stops inflating at the size the header declares when more data follows", async () => {
    const path = join(dir, "long.gz");
    writeFileSync(path, gzipBomb([2 ** 20], ZEROS));
    const cost = await measure(() =>
      expect(() => readIdxFile(path)).toThrowError(new DataFileError(path, "trailing data: the gzip data inflates to more than the 1048584-byte file its IDX header declares")),
    );
    expectCheap(cost);
  });

  it("loadMnist({ dir }) refuses a bomb in place of the training images for its shape, before inflating it", async () => {
    const folder = join(dir, "mnist");
    mkdirSync(folder);
    const set = synthetic(3, 2, 1);
    for (const key of MNIST_FILE_KEYS) writeFileSync(join(folder, `${MNIST_FILE_NAMES[key]}.gz`), set.gz[key]);
    writeFileSync(join(folder, `${MNIST_FILE_NAMES.trainImages}.gz`), gzipBomb([1e9], ZEROS));
    const cost = await measure(() =>
      expect(loadMnist({ dir: folder })).rejects.toThrow(
        `${join(folder, MNIST_FILE_NAMES.trainImages)}.gz: expected ubyte values of shape [*, *, *], but the header declares [1000000000] ubyte values`,
      ),
    );
    expectCheap(cost);
  });
});
