import { concat } from "./concat.js";
import { DataFileError } from "./data-file-error.js";
import { asBytes } from "./idx.js";
import { DEFAULT_MAX_IDX_BYTES } from "./idx-limits.js";

/**
 * The decompressor gets the gzip data this many bytes at a time and the next piece only once its
 * output has been taken, so a caller that stops reading (a gzip bomb found out) holds at most what
 * one piece inflates to: 16 KiB × 1032 (deflate's largest ratio), 16.5 MiB.
 */
const PIECE = 16 * 1024;

/**
 * The decompressed bytes of gzip data as they come out of the platform's DecompressionStream
 * (browsers, Node ≥ 18). Stopping the loop early stops the decompression.
 */
export async function* inflateChunks(gz: Uint8Array, file: string): AsyncGenerator<Uint8Array> {
  let at = 0;
  const pieces = new ReadableStream<BufferSource>(
    {
      pull(controller) {
        // slice, not subarray: a copy on a plain ArrayBuffer, which the stream takes whatever backs `gz`.
        if (at < gz.length) controller.enqueue(gz.slice(at, (at += PIECE)));
        else controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  const reader = pieces.pipeThrough(new DecompressionStream("gzip")).getReader();
  let finished = false;
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (e) {
        throw new DataFileError(file, `is not valid gzip data (${(e as Error).message})`);
      }
      if (next.done) break;
      yield next.value;
    }
    finished = true;
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
  }
}

/**
 * Decompresses gzip data with the platform's DecompressionStream (browsers, Node ≥ 18), refusing
 * data that inflates to more than `maxBytes` (default 256 MiB) as soon as it does.
 *
 * @example
 * const raw = await gunzip(gzBytes, "train-images-idx3-ubyte.gz");
 */
export async function gunzip(source: Uint8Array | ArrayBuffer, file = "gzip data", maxBytes = DEFAULT_MAX_IDX_BYTES): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of inflateChunks(asBytes(source), file)) {
    length += chunk.length;
    if (length > maxBytes) throw new DataFileError(file, `inflates to more than the limit of ${maxBytes} bytes (maxBytes)`);
    parts.push(chunk);
  }
  return concat(parts, length);
}
