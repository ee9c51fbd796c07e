import { DataFileError } from "./data-file-error.js";
import { asBytes, isGzip, parseIdx, type IdxArray } from "./idx.js";

/**
 * Decompresses gzip data with the platform's DecompressionStream (browsers, Node ≥ 18).
 *
 * @example
 * const raw = await gunzip(gzBytes, "train-images-idx3-ubyte.gz");
 */
export async function gunzip(source: Uint8Array | ArrayBuffer, file = "gzip data"): Promise<Uint8Array> {
  // Blob takes ArrayBuffer-backed views only; IDX bytes never live in a SharedArrayBuffer.
  const stream = new Blob([asBytes(source) as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new DataFileError(file, `is not valid gzip data (${(e as Error).message})`);
  }
}

/**
 * Decodes an IDX file, raw or gzip-compressed (recognised by the magic bytes 1f 8b).
 *
 * @example
 * const labels = await readIdx(await (await fetch("/mnist/t10k-labels-idx1-ubyte.gz")).arrayBuffer());
 */
export async function readIdx(source: Uint8Array | ArrayBuffer, file = "IDX data"): Promise<IdxArray> {
  const bytes = asBytes(source);
  return parseIdx(isGzip(bytes) ? await gunzip(bytes, file) : bytes, file);
}
