import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DataFileError } from "./data-file-error.js";
import { parseIdx, type IdxType } from "./idx.js";
import { writeIdx } from "./test-fixtures.js";

const SAMPLES: Record<IdxType, number[]> = {
  ubyte: [0, 1, 127, 128, 254, 255],
  byte: [-128, -1, 0, 1, 100, 127],
  short: [-32768, -300, 0, 258, 1000, 32767],
  int: [-2147483648, -70000, 0, 65536, 16909060, 2147483647],
  float: [-1.5, 0, 0.25, 3.5, -(2 ** 70), 65504],
  double: [Math.PI, -Math.E, 0, 1e-300, -1e300, 1 / 3],
};

describe("parseIdx", () => {
  for (const type of Object.keys(SAMPLES) as IdxType[]) {
    it(`decodes ${type} values of a rank-2 file`, () => {
      const parsed = parseIdx(writeIdx(type, [2, 3], SAMPLES[type]), "t");
      expect(parsed.type).toBe(type);
      expect(parsed.shape).toEqual([2, 3]);
      expect(Array.from(parsed.data)).toEqual(SAMPLES[type]);
    });
  }

  it("reads big-endian dimensions and values (bytes written out by hand)", () => {
    // int, rank 1, dimension 2, values 0x01020304 and -2 (0xfffffffe).
    const bytes = Uint8Array.of(0, 0, 0x0c, 1, 0, 0, 0, 2, 1, 2, 3, 4, 0xff, 0xff, 0xff, 0xfe);
    const parsed = parseIdx(bytes.buffer);
    expect(parsed.shape).toEqual([2]);
    expect(Array.from(parsed.data)).toEqual([16909060, -2]);
  });

  it("handles rank 0, rank 4 and a zero dimension", () => {
    expect(Array.from(parseIdx(writeIdx("double", [], [2.5])).data)).toEqual([2.5]);
    const r4 = parseIdx(writeIdx("short", [1, 2, 1, 2], [1, 2, 3, 4]));
    expect(r4.shape).toEqual([1, 2, 1, 2]);
    expect(Array.from(r4.data)).toEqual([1, 2, 3, 4]);
    expect(parseIdx(writeIdx("ubyte", [0, 28], [])).data.length).toBe(0);
  });

  it("returns byte data as a view of the input, at any byte offset", () => {
    const file = writeIdx("ubyte", [3], [7, 8, 9]);
    const padded = new Uint8Array(file.length + 5);
    padded.set(file, 5);
    const data = parseIdx(padded.subarray(5)).data;
    expect(Array.from(data)).toEqual([7, 8, 9]);
    expect(data.buffer).toBe(padded.buffer);
  });

  it("names the file and the problem for a wrong magic number", () => {
    const bad = writeIdx("ubyte", [1], [1]);
    bad[0] = 0x12;
    expect(() => parseIdx(bad, "x.idx")).toThrowError(new DataFileError("x.idx", "wrong magic number 0x12000801; an IDX file starts with two zero bytes"));
  });

  it("says when the data is gzip-compressed", () => {
    expect(() => parseIdx(gzipSync(writeIdx("ubyte", [1], [1])), "a.gz")).toThrow(/^a\.gz: wrong magic number 0x1f8b.*gzip-compressed/);
  });

  it("rejects an unknown type code", () => {
    const bad = writeIdx("ubyte", [1], [1]);
    bad[2] = 0x0a;
    expect(() => parseIdx(bad, "f")).toThrow(/^f: unknown element type code 0x0a \(known: 0x08 ubyte, 0x09 byte, 0x0b short/);
  });

  it("rejects truncated headers and data, and trailing bytes", () => {
    expect(() => parseIdx(Uint8Array.of(0, 0), "f")).toThrow("f: 2 bytes is too short for an IDX header");
    expect(() => parseIdx(writeIdx("ubyte", [2, 2], [1, 2, 3, 4]).subarray(0, 10), "f")).toThrow(
      "f: truncated header: 2 dimensions need 12 bytes but the file has 10",
    );
    expect(() => parseIdx(writeIdx("int", [3], [1, 2, 3]).subarray(0, 18), "f")).toThrow(
      "f: truncated: the header declares [3] int values (12 bytes) but only 10 bytes of data follow",
    );
    const long = new Uint8Array(13);
    long.set(writeIdx("ubyte", [3], [1, 2, 3]));
    expect(() => parseIdx(long, "f")).toThrow("f: the header declares [3] ubyte values (3 bytes) but 2 extra bytes follow");
  });

  it("sees the extra bytes after a zero dimension even when the other dimensions overflow", () => {
    // 40 dimensions of 2^32 − 1 multiply to Infinity; with the zero the file holds no values at all.
    const shape = [...new Array<number>(40).fill(0xffffffff), 0];
    const file = new Uint8Array(4 + 4 * shape.length + 5);
    file.set(writeIdx("short", shape, []));
    expect(() => parseIdx(file, "f")).toThrow("f: the header declares [4294967295, ");
    expect(() => parseIdx(file, "f")).toThrow(", 0] short values (0 bytes) but 5 extra bytes follow");
    const empty = parseIdx(file.subarray(0, file.length - 5), "f");
    expect([empty.shape.length, empty.data.length]).toEqual([41, 0]);
  });
});
