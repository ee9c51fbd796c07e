import { sizeOf } from "@chainrule/tensor";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeSafetensors, encodeSafetensors } from "./safetensors.js";
import { jsonText, loadsOrRefuses, runs, wild } from "./test-fuzz.js";

const SOURCE = "fuzz.safetensors";

const valid = encodeSafetensors(
  [
    { name: "fc1.weight", shape: [2, 3], data: [1, -2, 3.5, 0.25, 1e-8, -7] },
    { name: "fc1.bias", shape: [3], data: [0.1, 0.2, 0.3] },
    { name: "empty", shape: [0, 4], data: [] },
  ],
  { format: "chainrule", note: "x" },
);

/** The valid file damaged as storage and transfers damage files. */
const mutated = fc.oneof(
  fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }).map((flips) => {
    const bytes = valid.slice();
    for (const [i, x] of flips) bytes[i] ^= x;
    return bytes;
  }),
  fc.nat(valid.length - 1).map((n) => valid.slice(0, n)),
  fc.uint8Array({ minLength: 1, maxLength: 16 }).map((extra) => Uint8Array.from([...valid, ...extra])),
  fc.tuple(fc.oneof(fc.integer({ min: -16, max: 16 }), fc.nat()), fc.constantFrom(0, 1, 0xffffffff)).map(([delta, high]) => {
    const bytes = valid.slice();
    const view = new DataView(bytes.buffer);
    view.setUint32(0, (view.getUint32(0, true) + delta) >>> 0, true);
    view.setUint32(4, high === 1 ? 0 : high, true);
    return bytes;
  }),
);

/** `value` one time in eight, else null. */
const rarely = <T>(value: fc.Arbitrary<T>) => fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: value });

/** A header of tensors with small shapes laid back to back, each field sometimes replaced by a wild value. */
const header = fc
  .array(fc.tuple(fc.string({ maxLength: 6 }), fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }), rarely(fc.constantFrom("dtype", "shape", "data_offsets", "entry")), wild), { maxLength: 5 })
  .chain((tensors) => {
    let offset = 0;
    const entries: Record<string, unknown> = {};
    for (const [name, shape, broken, value] of tensors) {
      const bytes = sizeOf(shape) * 4;
      const entry: Record<string, unknown> = { dtype: "F32", shape, data_offsets: [offset, offset + bytes] };
      offset += bytes;
      if (broken === "entry") entries[name] = value;
      else entries[name] = broken ? { ...entry, [broken]: value } : entry;
    }
    const metadata = fc.option(fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 3 }));
    return fc.tuple(fc.constant(entries), fc.oneof(metadata, rarely(wild)), fc.integer({ min: -8, max: 8 }).map((d) => Math.max(0, offset + (d % 3 === 0 ? d : 0))));
  })
  .map(([entries, metadata, dataLength]) => {
    const json = new TextEncoder().encode(jsonText(metadata === null ? entries : { __metadata__: metadata, ...entries }));
    const bytes = new Uint8Array(8 + json.length + dataLength);
    new DataView(bytes.buffer).setUint32(0, json.length, true);
    bytes.set(json, 8);
    return bytes;
  });

/** Header text that is not the JSON object a safetensors header must be. */
const headerText = fc.oneof(fc.string({ maxLength: 40 }), fc.jsonValue({ maxDepth: 3 }).map(jsonText)).map((text) => {
  const json = new TextEncoder().encode(text);
  const bytes = new Uint8Array(8 + json.length);
  new DataView(bytes.buffer).setUint32(0, json.length, true);
  bytes.set(json, 8);
  return bytes;
});

/** Decoding must refuse with a ModelFileError, or give tensors that fill the data exactly and encode back to the same contents. */
function decodesConsistently(bytes: Uint8Array): void {
  const file = loadsOrRefuses(SOURCE, () => decodeSafetensors(bytes, SOURCE), 200);
  if (!file) return;
  let dataBytes = 0;
  for (const t of file.tensors.values()) {
    expect(t.data.length).toBe(sizeOf(t.shape));
    dataBytes += t.data.length * 4;
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  expect(dataBytes).toBe(bytes.length - 8 - headerLength);
  const again = decodeSafetensors(encodeSafetensors([...file.tensors].map(([name, t]) => ({ name, ...t })), file.metadata));
  expect(again).toEqual(file);
}

describe("decodeSafetensors on random and damaged files", () => {
  it.each([
    ["random bytes", fc.uint8Array({ maxLength: 200 }), 1],
    ["the valid file with bytes flipped, cut short, extended or its header length wrong", mutated, 2],
    ["random headers with wild shapes, offsets and dtypes", header, 3],
    ["header text that is not a JSON object", headerText, 4],
  ])("%s: decodes consistently or throws ModelFileError, quickly", (_what, bytes, seed) => {
    const rss = process.memoryUsage().rss;
    fc.assert(fc.property(bytes, decodesConsistently), runs(seed, 500));
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 2 ** 20);
  });

  it("loads some of the random headers (the generator reaches the success path)", () => {
    const loaded = fc.sample(header, { seed: 3, numRuns: 500 }).filter((bytes) => {
      try {
        return decodeSafetensors(bytes).tensors.size > 0;
      } catch {
        return false;
      }
    });
    expect(loaded.length).toBeGreaterThan(100);
  });
});
