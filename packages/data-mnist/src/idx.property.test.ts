// Property tests: IDX files and gzip wrappers, valid, damaged and made up, through every reader.
// Each reader must either return something consistent with the bytes or throw a DataFileError,
// never another error, and never take long or much memory. Seeded, so every run sees the same cases.
import { crc32, deflateRawSync, gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concat } from "./concat.js";
import { DataFileError } from "./data-file-error.js";
import { gunzip } from "./gunzip.js";
import { parseIdx, type IdxArray, type IdxType } from "./idx.js";
import { decodeIdxSync } from "./node/read-idx-file.js";
import { readIdx } from "./read-idx.js";
import { gzipBomb, measure, writeIdx } from "./test-fixtures.js";

const RUNS = { numRuns: 200, seed: 20240601 };
const MAX_CASE_MS = 1000;
const MAX_MB = 100;
// Keeps what an honest header may make a reader inflate well under MAX_MB.
const SMALL = { maxBytes: 16 * 2 ** 20 };

// Element type codes and sizes as LeCun's format page lists them (independent of idx.ts's table).
const CODES: Record<number, [IdxType, number]> = { 8: ["ubyte", 1], 9: ["byte", 1], 11: ["short", 2], 12: ["int", 4], 13: ["float", 4], 14: ["double", 8] };
const TYPES = Object.values(CODES).map(([type]) => type);

/** A well-formed file: small shape, random data bytes (any bit pattern, NaNs included). */
const validFile = fc
  .record({ type: fc.constantFrom(...TYPES), shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 }) })
  .chain(({ type, shape }) => {
    const size = Object.values(CODES).find(([t]) => t === type)![1];
    const bytes = shape.reduce((a, d) => a * d, 1) * size;
    return fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((data) => concatBytes(writeIdx(type, shape, []), data));
  });

/** Dimensions that make trouble: zero, one, and the largest, beside arbitrary ones. */
const dimension = fc.oneof(fc.constantFrom(0, 1, 2, 28, 60000, 2 ** 31, 2 ** 32 - 1), fc.nat({ max: 2 ** 32 - 1 }));

/** A made-up header (any type code, up to 64 dimensions) and a little data. */
const madeUpFile = fc
  .record({
    code: fc.oneof(fc.constantFrom(8, 9, 11, 12, 13, 14), fc.integer({ min: 0, max: 255 })),
    dims: fc.array(dimension, { maxLength: 64 }),
    data: fc.uint8Array({ maxLength: 64 }),
  })
  .map(({ code, dims, data }) => {
    const header = new Uint8Array(4 + 4 * dims.length);
    header[2] = code;
    header[3] = dims.length;
    dims.forEach((d, i) => new DataView(header.buffer).setUint32(4 + 4 * i, d));
    return concatBytes(header, data);
  });

/** Damage: bytes flipped, cut short, lengthened. */
function damaged(source: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  const flips = fc.array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 4 });
  return fc.oneof(
    fc.tuple(source, flips).map(([bytes, fs]) => {
      const out = bytes.slice();
      for (const { at, xor } of fs) if (out.length > 0) out[at % out.length] ^= xor;
      return out;
    }),
    fc.tuple(source, fc.nat()).map(([bytes, n]) => bytes.slice(0, n % (bytes.length + 1))),
    fc.tuple(source, fc.uint8Array({ minLength: 1, maxLength: 32 })).map(([bytes, tail]) => concatBytes(bytes, tail)),
  );
}

const rawInput = fc.oneof(validFile, damaged(validFile), madeUpFile, fc.uint8Array({ maxLength: 64 }));

/** A gzip member around `raw` with random header fields (RFC 1952), a right or wrong trailer. */
const handMadeGzip = fc
  .record({
    raw: rawInput,
    text: fc.boolean(),
    extra: fc.option(fc.uint8Array({ maxLength: 40 })),
    name: fc.option(fc.uint8Array({ maxLength: 40 }).map((b) => b.map((x) => x || 1))),
    comment: fc.option(fc.uint8Array({ maxLength: 40 }).map((b) => b.map((x) => x || 1))),
    headerCrc: fc.boolean(),
    badTrailer: fc.boolean(),
    level: fc.integer({ min: 0, max: 9 }),
  })
  .map(({ raw, text, extra, name, comment, headerCrc, badTrailer, level }) => {
    const flags = (text ? 1 : 0) | (headerCrc ? 2 : 0) | (extra ? 4 : 0) | (name ? 8 : 0) | (comment ? 16 : 0);
    const parts: Uint8Array[] = [Uint8Array.of(0x1f, 0x8b, 8, flags, 1, 2, 3, 4, 0, 3)];
    if (extra) parts.push(Uint8Array.of(extra.length & 0xff, extra.length >> 8), extra);
    if (name) parts.push(name, Uint8Array.of(0));
    if (comment) parts.push(comment, Uint8Array.of(0));
    if (headerCrc) {
      const crc = crc32(concatBytes(...parts)) & 0xffff;
      parts.push(Uint8Array.of(crc & 0xff, crc >> 8));
    }
    const trailer = new Uint8Array(8);
    const view = new DataView(trailer.buffer);
    view.setUint32(0, crc32(raw) ^ (badTrailer ? 1 : 0), true);
    view.setUint32(4, raw.length, true);
    parts.push(deflateRawSync(raw, { level }), trailer);
    return concatBytes(...parts);
  });

/**
 * Gzip bombs: headers that claim anything, then zeros, mostly under a mebibyte but now and then
 * 100–300 MiB, which a reader without limits would inflate whole.
 */
const bomb = fc
  .record({
    dims: fc.array(dimension, { minLength: 1, maxLength: 3 }),
    zeros: fc.oneof({ arbitrary: fc.nat({ max: 2 ** 20 }), weight: 4 }, { arbitrary: fc.integer({ min: 100 * 2 ** 20, max: 300 * 2 ** 20 }), weight: 1 }),
  })
  .map(({ dims, zeros }) => gzipBomb(dims, zeros));

const validGzip = rawInput.map((raw) => ({ raw, gz: gzipSync(raw) }));
const gzipInput = fc.oneof(validGzip.map(({ gz }) => gz), damaged(validGzip.map(({ gz }) => gz)), handMadeGzip, bomb);

describe("IDX readers on random and damaged input", () => {
  it("parseIdx returns a file consistent with its bytes, or throws a DataFileError", async () => {
    await bounded(async () => {
      await fc.assert(fc.asyncProperty(rawInput, (bytes) => within(() => void outcome(() => parseIdx(bytes, "f"), bytes))), RUNS);
    });
  });

  it("readIdx and the Node reader agree with parseIdx on raw data", async () => {
    await bounded(async () => {
      await fc.assert(
        fc.asyncProperty(rawInput, (bytes) => within(async () => {
          const expected = outcome(() => parseIdx(bytes, "f"), bytes);
          expect(await outcomeAsync(() => readIdx(bytes, "f"), bytes)).toEqual(expected);
          expect(outcome(() => decodeIdxSync(bytes, "f"), bytes)).toEqual(expected);
        })),
        RUNS,
      );
    });
  });

  it("gzip-wrapped data reads as the raw data does, in the browser and Node readers", async () => {
    await bounded(async () => {
      await fc.assert(
        fc.asyncProperty(validGzip, ({ raw, gz }) => within(async () => {
          const expected = outcome(() => parseIdx(raw, "f"), raw);
          expect(await outcomeAsync(() => readIdx(gz, "f"), raw)).toEqual(expected);
          expect(outcome(() => decodeIdxSync(gz, "f"), raw)).toEqual(expected);
        })),
        RUNS,
      );
    });
  });

  it("damaged, hand-made and bomb-like gzip data reads consistently or throws a DataFileError, in both readers alike", async () => {
    await bounded(async () => {
      await fc.assert(
        fc.asyncProperty(gzipInput, (gz) => within(async () => {
          const browser = await outcomeAsync(() => readIdx(gz, "f", SMALL));
          const node = outcome(() => decodeIdxSync(gz, "f", SMALL));
          expect(browser.ok).toBe(node.ok);
          if (browser.ok) expect(browser).toEqual(node);
        })),
        RUNS,
      );
    });
  });

  it("gunzip returns at most maxBytes, or throws a DataFileError", async () => {
    await bounded(async () => {
      await fc.assert(
        fc.asyncProperty(gzipInput, fc.integer({ min: 1, max: 2 ** 16 }), (gz, maxBytes) => within(async () => {
          try {
            expect((await gunzip(gz, "f", maxBytes)).length).toBeLessThanOrEqual(maxBytes);
          } catch (e) {
            expectDataFileError(e);
          }
        })),
        RUNS,
      );
    });
  });
});

type Outcome = { ok: true; type: IdxType; shape: number[]; data: number[] } | { ok: false };

/** What a reader made of `bytes`: a file checked against the raw bytes (when given), or a DataFileError. */
function outcome(read: () => IdxArray, raw?: Uint8Array): Outcome {
  let file: IdxArray;
  try {
    file = read();
  } catch (e) {
    expectDataFileError(e);
    return { ok: false };
  }
  return consistent(file, raw);
}

async function outcomeAsync(read: () => Promise<IdxArray>, raw?: Uint8Array): Promise<Outcome> {
  let file: IdxArray;
  try {
    file = await read();
  } catch (e) {
    expectDataFileError(e);
    return { ok: false };
  }
  return consistent(file, raw);
}

function expectDataFileError(e: unknown): void {
  if (!(e instanceof DataFileError)) throw new Error(`expected a DataFileError, got ${(e as Error)?.name}: ${(e as Error)?.message}`, { cause: e });
  expect(e.message).toMatch(/^f: ./);
}

/**
 * Checks a decoded file on its own (the element count is the product of the dimensions, the array
 * type fits the element type) and, given the raw bytes, against them: the header bytes, the length,
 * and every value read back with DataView.
 */
function consistent(file: IdxArray, raw?: Uint8Array): Outcome {
  const count = file.shape.reduce((a, d) => a * BigInt(d), 1n);
  expect(BigInt(file.data.length)).toBe(count);
  const [, size] = Object.values(CODES).find(([t]) => t === file.type)!;
  expect(file.data.BYTES_PER_ELEMENT).toBe(size);
  if (raw) {
    const header = 4 + 4 * file.shape.length;
    expect(CODES[raw[2]][0]).toBe(file.type);
    expect(raw[3]).toBe(file.shape.length);
    expect(BigInt(raw.length)).toBe(BigInt(header) + count * BigInt(size));
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    file.shape.forEach((d, i) => expect(view.getUint32(4 + 4 * i)).toBe(d));
    const read = { ubyte: view.getUint8, byte: view.getInt8, short: view.getInt16, int: view.getInt32, float: view.getFloat32, double: view.getFloat64 }[file.type];
    for (let i = 0; i < file.data.length; i++) expect(Object.is(file.data[i], read.call(view, header + i * size))).toBe(true);
  }
  return { ok: true, type: file.type, shape: file.shape, data: Array.from(file.data) };
}

/** Runs a property and checks that its cases together stayed within a few megabytes. */
async function bounded(run: () => Promise<void>): Promise<void> {
  expect((await measure(run)).peakRssMB).toBeLessThan(MAX_MB);
}

/** One case, which must finish within MAX_CASE_MS. */
async function within<T>(fn: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await fn();
  expect(performance.now() - start).toBeLessThan(MAX_CASE_MS);
  return result;
}

function concatBytes(...parts: Uint8Array[]): Uint8Array {
  return concat(parts, parts.reduce((n, p) => n + p.length, 0));
}
