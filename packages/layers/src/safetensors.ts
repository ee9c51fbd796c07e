import { sizeOf } from "@chainrule/tensor";
import { ModelFileError } from "./model-file-error.js";

/**
 * The safetensors format (https://github.com/huggingface/safetensors), float32 only:
 *
 *   [8 bytes: header length n, unsigned little-endian]
 *   [n bytes: JSON header, padded with spaces to a multiple of 8]
 *   [data: each tensor's values, little-endian float32, row-major, back to back]
 *
 * The header maps each tensor name to {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}
 * (byte offsets into the data) and may hold "__metadata__", a map of strings to strings.
 */

/**
 * One float32 tensor of a safetensors file.
 *
 * @example
 * const w: SafetensorsTensor | undefined = decodeSafetensors(bytes).tensors.get("fc1.weight");
 */
export interface SafetensorsTensor {
  shape: number[];
  data: Float32Array;
}

/**
 * The contents of a safetensors file.
 *
 * @example
 * const { tensors, metadata }: SafetensorsFile = decodeSafetensors(bytes);
 */
export interface SafetensorsFile {
  tensors: Map<string, SafetensorsTensor>;
  metadata: Record<string, string>;
}

/** Headers above this are refused before anything is allocated (the reference implementation's limit). */
const MAX_HEADER_BYTES = 100_000_000;

/**
 * Encodes float32 tensors and string metadata as safetensors bytes.
 *
 * @example
 * const bytes = encodeSafetensors([{ name: "fc1.weight", shape: [2, 2], data: [1, 2, 3, 4] }], { format: "chainrule" });
 */
export function encodeSafetensors(
  tensors: readonly { name: string; shape: readonly number[]; data: ArrayLike<number> }[],
  metadata: Record<string, string> = {},
): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const t of tensors) {
    if (t.name === "__metadata__" || t.name in header) throw new Error(`safetensors: duplicate or reserved tensor name '${t.name}'`);
    const bytes = t.data.length * 4;
    header[t.name] = { dtype: "F32", shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLength, true); // the high 32 bits stay 0
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let p = 8 + headerLength;
  for (const t of tensors) {
    for (let i = 0; i < t.data.length; i++, p += 4) view.setFloat32(p, t.data[i], true);
  }
  return out;
}

/**
 * One tensor of a safetensors file as its header describes it: the shape, and where its float32
 * values start, counted in bytes from the start of the file.
 *
 * @example
 * const entry: SafetensorsEntry | undefined = readSafetensorsHeader(bytes).entries.get("fc1.weight");
 */
export interface SafetensorsEntry {
  shape: number[];
  offset: number;
}

/**
 * A safetensors header checked against its file, before any tensor data is read.
 *
 * @example
 * const { entries, metadata }: SafetensorsHeader = readSafetensorsHeader(bytes, "model.safetensors");
 */
export interface SafetensorsHeader {
  entries: Map<string, SafetensorsEntry>;
  metadata: Record<string, string>;
}

/**
 * Reads and checks the header of safetensors bytes: every length, dtype, shape and offset against
 * the bytes actually there, and the tensors' data back to back with no overlap, hole or trailing
 * byte. It reads no tensor data, so the cost is the header's size whatever the header claims; a
 * truncated or corrupt file gives a {@link ModelFileError} naming `source`.
 *
 * @example
 * const { entries } = readSafetensorsHeader(bytes, "model.safetensors");
 */
export function readSafetensorsHeader(bytes: Uint8Array, source = "safetensors data"): SafetensorsHeader {
  const fail = (problem: string): never => {
    throw new ModelFileError(source, problem);
  };
  if (bytes.length < 8) fail(`truncated: ${bytes.length} bytes, too short for the 8-byte header length of a safetensors file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthLow = view.getUint32(0, true);
  const lengthHigh = view.getUint32(4, true);
  const headerLength = lengthHigh * 2 ** 32 + lengthLow;
  if (headerLength > MAX_HEADER_BYTES) fail(`header length ${headerLength} bytes is absurd (limit ${MAX_HEADER_BYTES}); not a safetensors file or corrupt`);
  if (headerLength > bytes.length - 8) fail(`header claims ${headerLength} bytes but only ${bytes.length - 8} follow the length field; the file is truncated or corrupt`);

  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (e) {
    fail(`header is not valid JSON (${(e as Error).message}); not a safetensors file or corrupt`);
  }
  if (!header || typeof header !== "object" || Array.isArray(header)) fail("header is not a JSON object");
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;

  const spans: [number, number, string][] = [];
  const entries = new Map<string, SafetensorsEntry>();
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") continue;
    const { dtype, shape, data_offsets: offsets } = (info ?? {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (dtype !== "F32") fail(`tensor '${name}' has dtype ${JSON.stringify(dtype)}; only F32 is supported`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) fail(`tensor '${name}' has an invalid shape ${JSON.stringify(shape)}`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) || offsets[0] > offsets[1]) {
      fail(`tensor '${name}' has invalid data_offsets ${JSON.stringify(offsets)}`);
    }
    const [begin, end] = offsets as [number, number];
    // Above 2^53 the product is inexact, but then it exceeds any span a file can hold, so the check still fails.
    const bytesNeeded = sizeOf(shape as number[]) * 4;
    if (end - begin !== bytesNeeded) fail(`tensor '${name}' of shape [${(shape as number[]).join(", ")}] needs ${bytesNeeded} bytes but data_offsets span ${end - begin}`);
    if (end > dataLength) fail(`tensor '${name}' needs data bytes [${begin}, ${end}) but the file holds only ${dataLength}; the file is truncated`);
    spans.push([begin, end, name]);
    entries.set(name, { shape: shape as number[], offset: dataStart + begin });
  }

  // The data must be exactly the tensors, back to back: overlaps, holes or trailing bytes mean
  // corruption. Checked before any data is read, so overlapping tensors cannot multiply the memory a file costs.
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let covered = 0;
  for (const [begin, end, name] of spans) {
    if (begin !== covered) fail(`tensor '${name}' starts at data byte ${begin} but the previous tensor ends at ${covered} (overlap or hole)`);
    covered = end;
  }
  if (covered !== dataLength) fail(`the tensors cover ${covered} data bytes but the file holds ${dataLength}`);

  const meta = (header as { __metadata__?: unknown }).__metadata__ ?? {};
  if (typeof meta !== "object" || meta === null || Array.isArray(meta) || !Object.values(meta).every((v) => typeof v === "string")) {
    fail("__metadata__ must map strings to strings");
  }
  return { entries, metadata: meta as Record<string, string> };
}

/**
 * The float32 values of one tensor of a checked header.
 *
 * @example
 * const w = readSafetensorsData(bytes, readSafetensorsHeader(bytes).entries.get("fc1.weight")!);
 */
export function readSafetensorsData(bytes: Uint8Array, entry: SafetensorsEntry): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data = new Float32Array(sizeOf(entry.shape));
  for (let i = 0, p = entry.offset; i < data.length; i++, p += 4) data[i] = view.getFloat32(p, true);
  return data;
}

/**
 * Decodes safetensors bytes, checking the header against the bytes actually there before reading
 * any data, so a truncated or corrupt file gives a {@link ModelFileError} naming `source`, never a
 * huge allocation or a silent misread.
 *
 * @example
 * const { tensors, metadata } = decodeSafetensors(bytes, "model.safetensors");
 */
export function decodeSafetensors(bytes: Uint8Array, source = "safetensors data"): SafetensorsFile {
  const { entries, metadata } = readSafetensorsHeader(bytes, source);
  const tensors = new Map([...entries].map(([name, entry]): [string, SafetensorsTensor] => [name, { shape: entry.shape, data: readSafetensorsData(bytes, entry) }]));
  return { tensors, metadata };
}
