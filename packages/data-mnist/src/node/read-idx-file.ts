import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { DataFileError } from "../data-file-error.js";
import { isGzip, parseIdx, type IdxArray } from "../idx.js";

/**
 * Reads an IDX file from disk, raw or gzip-compressed (recognised by its magic bytes, whatever
 * its name). Errors name the path.
 *
 * @example
 * const { shape } = readIdxFile("data/train-images-idx3-ubyte.gz"); // [60000, 28, 28]
 */
export function readIdxFile(path: string): IdxArray {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new DataFileError(path, `cannot be read (${(e as Error).message})`);
  }
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new DataFileError(path, `is not valid gzip data (${(e as Error).message})`);
    }
  }
  return parseIdx(bytes, path);
}
