import { concat } from "./concat.js";
import { DataFileError } from "./data-file-error.js";
import { inflateChunks } from "./gunzip.js";
import { asBytes, isGzip, parseIdx, readIdxHeader, type IdxArray } from "./idx.js";
import { checkIdxLimits, trailingData, type IdxLimits } from "./idx-limits.js";

/**
 * Decodes an IDX file, raw or gzip-compressed (recognised by the magic bytes 1f 8b). The header is
 * checked against `limits` first; gzip data is decompressed only that far, then at most to the
 * size the header declares, so a gzip bomb is refused after a few kilobytes of output.
 *
 * @example
 * const labels = await readIdx(await (await fetch("/mnist/t10k-labels-idx1-ubyte.gz")).arrayBuffer());
 * const images = await readIdx(bytes, "train-images-idx3-ubyte.gz", { type: "ubyte", shape: [null, 28, 28] });
 */
export async function readIdx(source: Uint8Array | ArrayBuffer, file = "IDX data", limits: IdxLimits = {}): Promise<IdxArray> {
  const bytes = asBytes(source);
  if (!isGzip(bytes)) {
    checkIdxLimits(readIdxHeader(bytes, file), file, limits);
    return parseIdx(bytes, file);
  }
  return parseIdx(await inflateIdx(bytes, file, limits), file);
}

/**
 * The decompressed IDX file: chunks are gathered until the header is complete, then copied into
 * one array of the size it declares; a byte beyond it stops the decompression.
 */
async function inflateIdx(gz: Uint8Array, file: string, limits: IdxLimits): Promise<Uint8Array> {
  const head: Uint8Array[] = [];
  let headLength = 0;
  let out: Uint8Array | null = null;
  let at = 0;
  for await (const chunk of inflateChunks(gz, file)) {
    let piece = chunk;
    if (out === null) {
      head.push(chunk);
      headLength += chunk.length;
      piece = concat(head, headLength);
      const header = readIdxHeader(piece, file, true);
      if (header === null) continue;
      out = allocate(checkIdxLimits(header, file, limits, gz.length), file);
    }
    if (at + piece.length > out.length) {
      throw trailingData(file, out.length);
    }
    out.set(piece, at);
    at += piece.length;
  }
  // Cut short: parseIdx says how (in the header or in the data).
  return out === null ? concat(head, headLength) : out.subarray(0, at);
}

/** A zeroed array of `length` bytes; a size the engine refuses (RangeError) becomes a DataFileError. */
function allocate(length: number, file: string): Uint8Array {
  try {
    return new Uint8Array(length);
  } catch (e) {
    throw new DataFileError(file, `cannot hold the ${length} bytes its header declares (${(e as Error).message})`);
  }
}
