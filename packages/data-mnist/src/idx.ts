import { DataFileError } from "./data-file-error.js";

/**
 * The element types an IDX file can hold, by name.
 *
 * @example
 * const isBytes = parseIdx(bytes).type === "ubyte"; // MNIST pixels and labels
 */
export type IdxType = "ubyte" | "byte" | "short" | "int" | "float" | "double";

/**
 * The host array each IDX element type decodes into.
 *
 * @example
 * const values: IdxData = parseIdx(bytes).data; // Uint8Array for ubyte files
 */
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/**
 * A decoded IDX file: element type, dimensions (outermost first) and the values, row-major.
 *
 * @example
 * const { type, shape, data }: IdxArray = parseIdx(bytes);
 */
export interface IdxArray {
  type: IdxType;
  shape: number[];
  data: IdxData;
}

/** How one element type is stored and decoded. */
export interface TypeInfo {
  type: IdxType;
  bytes: number;
  make: (n: number) => IdxData;
  /** Reads one big-endian value at a byte offset. */
  get: (view: DataView, offset: number) => number;
}

// The third byte of the magic number says the element type (LeCun's IDX format page).
const TYPES = new Map<number, TypeInfo>([
  [0x08, { type: "ubyte", bytes: 1, make: (n) => new Uint8Array(n), get: (v, o) => v.getUint8(o) }],
  [0x09, { type: "byte", bytes: 1, make: (n) => new Int8Array(n), get: (v, o) => v.getInt8(o) }],
  [0x0b, { type: "short", bytes: 2, make: (n) => new Int16Array(n), get: (v, o) => v.getInt16(o) }],
  [0x0c, { type: "int", bytes: 4, make: (n) => new Int32Array(n), get: (v, o) => v.getInt32(o) }],
  [0x0d, { type: "float", bytes: 4, make: (n) => new Float32Array(n), get: (v, o) => v.getFloat32(o) }],
  [0x0e, { type: "double", bytes: 8, make: (n) => new Float64Array(n), get: (v, o) => v.getFloat64(o) }],
]);

const KNOWN_TYPES = [...TYPES].map(([code, t]) => `0x${hex(code, 2)} ${t.type}`).join(", ");

/**
 * True when the bytes start with the gzip magic number 1f 8b.
 *
 * @example
 * isGzip(new Uint8Array(await file.arrayBuffer())); // true for a .gz picked in a file input
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** A Uint8Array over the same memory (no copy). */
export function asBytes(source: Uint8Array | ArrayBuffer): Uint8Array {
  return source instanceof Uint8Array ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength) : new Uint8Array(source);
}

/**
 * What an IDX header says: the element type, the dimensions, and how many bytes the header, the
 * data and the whole file take.
 */
export interface IdxHeader {
  info: TypeInfo;
  shape: number[];
  headerBytes: number;
  /** Product of the dimensions; may exceed 2^53 (or be Infinity) for a corrupt header. */
  count: number;
  dataBytes: number;
  fileBytes: number;
}

/**
 * Reads the header at the start of an IDX file. `more` says whether bytes may still follow (a
 * stream being decompressed): then a header cut short returns null instead of throwing.
 */
export function readIdxHeader(bytes: Uint8Array, file: string): IdxHeader;
export function readIdxHeader(bytes: Uint8Array, file: string, more: boolean): IdxHeader | null;
export function readIdxHeader(bytes: Uint8Array, file: string, more = false): IdxHeader | null {
  if (bytes.length < 4) {
    if (more) return null;
    throw new DataFileError(file, `${bytes.length} bytes is too short for an IDX header (4 bytes of magic number)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const hint = isGzip(bytes) ? "; it is gzip-compressed: read it with readIdx, which decompresses" : "; an IDX file starts with two zero bytes";
    throw new DataFileError(file, `wrong magic number 0x${hex(view.getUint32(0), 8)}${hint}`);
  }
  const info = TYPES.get(bytes[2]);
  if (!info) throw new DataFileError(file, `unknown element type code 0x${hex(bytes[2], 2)} (known: ${KNOWN_TYPES})`);
  const rank = bytes[3];
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    if (more) return null;
    throw new DataFileError(file, `truncated header: ${rank} dimensions need ${headerBytes} bytes but the file has ${bytes.length}`);
  }
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(view.getUint32(4 + 4 * i));
  // A zero dimension empties the file even when the others overflow to Infinity (Infinity × 0 is NaN).
  const count = shape.includes(0) ? 0 : shape.reduce((a, d) => a * d, 1);
  const dataBytes = count * info.bytes;
  return { info, shape, headerBytes, count, dataBytes, fileBytes: headerBytes + dataBytes };
}

/**
 * `[2, 3] short values (12 bytes)`: what a header declares, for error messages.
 */
export function declared(header: IdxHeader): string {
  return `[${header.shape.join(", ")}] ${header.info.type} values (${header.dataBytes} bytes)`;
}

/**
 * Decodes an uncompressed IDX file of any rank and element type. Byte data is returned as a view
 * of `source` (no copy); wider types are converted from big-endian into a new array.
 * `file` names the file in errors.
 *
 * @example
 * const { shape, data } = parseIdx(bytes, "train-labels-idx1-ubyte"); // shape [60000], data Uint8Array
 */
export function parseIdx(source: Uint8Array | ArrayBuffer, file = "IDX data"): IdxArray {
  const bytes = asBytes(source);
  const header = readIdxHeader(bytes, file);
  const dataBytes = bytes.length - header.headerBytes;
  if (dataBytes < header.dataBytes) {
    throw new DataFileError(file, `truncated: the header declares ${declared(header)} but only ${dataBytes} bytes of data follow`);
  }
  if (dataBytes > header.dataBytes) {
    throw new DataFileError(file, `the header declares ${declared(header)} but ${dataBytes - header.dataBytes} extra bytes follow`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { type: header.info.type, shape: header.shape, data: decode(bytes, view, header.headerBytes, header.count, header.info) };
}

function decode(bytes: Uint8Array, view: DataView, offset: number, count: number, info: TypeInfo): IdxData {
  if (info.type === "ubyte") return bytes.subarray(offset, offset + count);
  if (info.type === "byte") return new Int8Array(bytes.buffer, bytes.byteOffset + offset, count);
  const out = info.make(count);
  for (let i = 0; i < count; i++) out[i] = info.get(view, offset + i * info.bytes);
  return out;
}

function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, "0");
}
