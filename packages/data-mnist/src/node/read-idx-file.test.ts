import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { writeIdx } from "../test-fixtures.js";
import { readIdxFile } from "./read-idx-file.js";

const dir = mkdtempSync(join(tmpdir(), "idx-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
    const text = join(dir, "notes.txt");
    writeFileSync(text, "hello");
    expect(() => readIdxFile(text)).toThrow(`${text}: wrong magic number 0x68656c6c; an IDX file starts with two zero bytes`);
  });
});
