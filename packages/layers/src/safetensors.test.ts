import { describe, expect, it } from "vitest";
import { ModelFileError } from "./model-file-error.js";
import { decodeSafetensors, encodeSafetensors } from "./safetensors.js";

const tensors = [
  { name: "fc1.weight", shape: [2, 3], data: [1, -2, 3.5, 0.25, 1e-8, -7] },
  { name: "fc1.bias", shape: [3], data: [0.1, 0.2, 0.3] },
];

/** A file with its header replaced, data kept: for building corrupt inputs. */
function withHeader(header: unknown, data: Uint8Array, lengthField?: number): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setUint32(0, lengthField ?? json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe("safetensors", () => {
  it("writes the documented layout: u64 LE header length, space-padded JSON header, LE float32 data", () => {
    const bytes = encodeSafetensors(tensors, { format: "chainrule" });
    const view = new DataView(bytes.buffer);
    const n = view.getUint32(0, true);
    expect(view.getUint32(4, true)).toBe(0);
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header).toEqual({
      __metadata__: { format: "chainrule" },
      "fc1.weight": { dtype: "F32", shape: [2, 3], data_offsets: [0, 24] },
      "fc1.bias": { dtype: "F32", shape: [3], data_offsets: [24, 36] },
    });
    expect(bytes.length).toBe(8 + n + 36);
    const bias = [0, 1, 2].map((i) => view.getFloat32(8 + n + 24 + 4 * i, true));
    expect(bias).toEqual(Array.from(Float32Array.from([0.1, 0.2, 0.3])));
  });

  it("reads back what it wrote, from any byte offset", () => {
    const bytes = encodeSafetensors(tensors, { a: "b" });
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const file = decodeSafetensors(shifted.subarray(3));
    expect(file.metadata).toEqual({ a: "b" });
    expect(file.tensors.get("fc1.weight")).toEqual({ shape: [2, 3], data: Float32Array.from(tensors[0].data) });
    expect(file.tensors.get("fc1.bias")?.data).toEqual(Float32Array.from(tensors[1].data));
  });

  const good = encodeSafetensors(tensors);
  const data = new Uint8Array(36);
  const entry = (o: object) => ({ "fc1.weight": { dtype: "F32", shape: [2, 3], data_offsets: [0, 24], ...o }, "fc1.bias": { dtype: "F32", shape: [3], data_offsets: [24, 36] } });
  const absurd = new Uint8Array(16);
  new DataView(absurd.buffer).setUint32(4, 1, true); // 2^32 bytes
  const corrupt: [string, Uint8Array, string][] = [
    ["fewer than 8 bytes", good.subarray(0, 5), "truncated: 5 bytes, too short for the 8-byte header length"],
    ["an absurd header length", absurd, "header length 4294967296 bytes is absurd"],
    ["a header longer than the file", withHeader({}, new Uint8Array(0), 4096), "header claims 4096 bytes but only 2 follow"],
    ["a cut-off file", good.subarray(0, good.length - 10), "tensor 'fc1.bias' needs data bytes [24, 36) but the file holds only 26; the file is truncated"],
    ["a header that is not JSON", withHeader("x", data, 2), "header is not valid JSON"],
    ["another dtype", withHeader(entry({ dtype: "F16" }), data), `tensor 'fc1.weight' has dtype "F16"; only F32 is supported`],
    ["offsets that disagree with the shape", withHeader(entry({ shape: [2, 2] }), data), "tensor 'fc1.weight' of shape [2, 2] needs 16 bytes but data_offsets span 24"],
    ["overlapping tensors", withHeader({ ...entry({}), x: { dtype: "F32", shape: [1], data_offsets: [0, 4] } }, new Uint8Array(36)), "tensor 'fc1.weight' starts at data byte 0 but the previous tensor ends at 4 (overlap or hole)"],
    ["trailing bytes", withHeader(entry({}), new Uint8Array(40)), "the tensors cover 36 data bytes but the file holds 40"],
    ["bad metadata", withHeader({ ...entry({}), __metadata__: { n: 1 } }, data), "__metadata__ must map strings to strings"],
  ];
  it("refuses tensors that all claim the same bytes before reading any, so a file cannot multiply its size in memory", () => {
    const claims = 1000;
    const floats = 2 ** 18; // 1 MiB of data, claimed 1000 times: 1 GiB if each claim were read
    const header = Object.fromEntries(Array.from({ length: claims }, (_, i) => [`t${i}`, { dtype: "F32", shape: [floats], data_offsets: [0, floats * 4] }]));
    const bytes = withHeader(header, new Uint8Array(floats * 4));
    const rss = process.memoryUsage().rss;
    expect(() => decodeSafetensors(bytes, "m.safetensors")).toThrow(/^m\.safetensors: tensor 't\d+' starts at data byte 0 but the previous tensor ends at 1048576 \(overlap or hole\)$/);
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 2 ** 20);
  });

  for (const [what, bytes, message] of corrupt) {
    it(`rejects ${what}, naming the source`, () => {
      expect(() => decodeSafetensors(bytes, "m.safetensors")).toThrow(ModelFileError);
      expect(() => decodeSafetensors(bytes, "m.safetensors")).toThrow(`m.safetensors: ${message}`);
    });
  }
});
