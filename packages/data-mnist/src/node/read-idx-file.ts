import { constants as bufferConstants } from "node:buffer";
import { readFileSync, statSync } from "node:fs";
import { constants as zlibConstants, gunzipSync, type ZlibOptions } from "node:zlib";
import { DataFileError } from "../data-file-error.js";
import { isGzip, parseIdx, readIdxHeader, type IdxArray, type IdxHeader } from "../idx.js";
import { checkIdxLimits, DEFAULT_MAX_IDX_BYTES, trailingData, type IdxLimits } from "../idx-limits.js";

/**
 * Reads an IDX file from disk, raw or gzip-compressed (recognised by its magic bytes, whatever
 * its name). The header is checked against `limits` before the data is decompressed, and the data
 * is decompressed at most to the size the header declares, so a gzip bomb costs a few kilobytes.
 * A file larger than `maxBytes` is refused unread. Errors name the path.
 *
 * @example
 * const { shape } = readIdxFile("data/train-images-idx3-ubyte.gz"); // [60000, 28, 28]
 * readIdxFile("data/t10k-labels-idx1-ubyte.gz", { type: "ubyte", shape: [10000] });
 */
export function readIdxFile(path: string, limits: IdxLimits = {}): IdxArray {
  let bytes: Uint8Array;
  try {
    const size = statSync(path).size;
    const maxBytes = limits.maxBytes ?? DEFAULT_MAX_IDX_BYTES;
    if (size > maxBytes) throw new DataFileError(path, `is ${size} bytes, more than the limit of ${maxBytes} bytes (maxBytes)`);
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof DataFileError) throw e;
    throw new DataFileError(path, `cannot be read (${(e as Error).message})`);
  }
  return decodeIdxSync(bytes, path, limits);
}

/**
 * Prefixes of the gzip data inflated in turn to find the IDX header (at most 1,024 bytes) without
 * inflating the rest. A prefix of n bytes inflates to at most 1032·n (deflate's largest ratio): the
 * first costs at most 1 MiB and suffices for what gzip tools write; the longer ones serve gzip
 * headers padded with long names or comments.
 */
const HEAD_PREFIXES = [1 << 10, 1 << 13, 1 << 16];

/** {@link readIdxFile} on bytes already read; `file` names them in errors. */
export function decodeIdxSync(bytes: Uint8Array, file: string, limits: IdxLimits = {}): IdxArray {
  if (!isGzip(bytes)) {
    checkIdxLimits(readIdxHeader(bytes, file), file, limits);
    return parseIdx(bytes, file);
  }
  const size = checkIdxLimits(gunzipHeader(bytes, file), file, limits, bytes.length);
  if (size > bufferConstants.MAX_LENGTH) {
    throw new DataFileError(file, `cannot hold the ${size} bytes its header declares (a Node buffer holds at most ${bufferConstants.MAX_LENGTH})`);
  }
  return parseIdx(gunzip(bytes, file, { maxOutputLength: size }), file);
}

function gunzipHeader(gz: Uint8Array, file: string): IdxHeader {
  for (const n of HEAD_PREFIXES) {
    // Z_SYNC_FLUSH: a prefix ends mid-stream, and zlib should hand over what it has instead of failing.
    const head = gunzip(gz.subarray(0, n), file, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    const header = readIdxHeader(head, file, true);
    if (header) return header;
    // All the data gave less than a header; inflated normally (to as little) it says whether the gzip stream was cut short.
    if (n >= gz.length) return readIdxHeader(gunzip(gz, file, {}), file);
  }
  throw new DataFileError(file, `has no complete IDX header in its first ${HEAD_PREFIXES.at(-1)} bytes of gzip data`);
}

function gunzip(gz: Uint8Array, file: string, options: ZlibOptions): Buffer {
  try {
    return gunzipSync(gz, options);
  } catch (e) {
    if ((e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw trailingData(file, options.maxOutputLength as number);
    throw new DataFileError(file, `is not valid gzip data (${(e as Error).message})`);
  }
}
