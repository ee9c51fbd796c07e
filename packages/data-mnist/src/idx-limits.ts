import { DataFileError } from "./data-file-error.js";
import { declared, type IdxHeader, type IdxType } from "./idx.js";

/**
 * What a caller accepts from an IDX file, checked against its header before anything is
 * decompressed: an element type, a shape, and a size.
 *
 * @example
 * await readIdx(bytes, "train-images-idx3-ubyte.gz", { type: "ubyte", shape: [null, 28, 28] } satisfies IdxLimits);
 */
export interface IdxLimits {
  /** The element type the file must hold. */
  type?: IdxType;
  /** The dimensions the file must declare, outermost first; `null` accepts any size on that axis. */
  shape?: readonly (number | null)[];
  /** The largest decoded file accepted, header included (default 256 MiB). */
  maxBytes?: number;
}

/**
 * Decoded size above which `readIdx` and `readIdxFile` refuse a file unless `maxBytes` says otherwise:
 * over five times MNIST's largest file (47 MB), far below what a gzip bomb claims.
 *
 * @example
 * await readIdx(bytes, "big.idx.gz", { maxBytes: 4 * DEFAULT_MAX_IDX_BYTES });
 */
export const DEFAULT_MAX_IDX_BYTES = 256 * 2 ** 20;

/**
 * Deflate's largest expansion: a 258-byte match coded in 2 bits (zlib's documentation gives 1032:1).
 * Data that claims more than this times its compressed size is cut short, whatever it holds.
 */
const MAX_INFLATE_RATIO = 1032;

/**
 * Checks a header against `limits` (and, for gzip data, against how much `gzipBytes` of it can
 * possibly inflate to); returns the size the whole file must have.
 */
export function checkIdxLimits(header: IdxHeader, file: string, limits: IdxLimits, gzipBytes?: number): number {
  const { type, shape, maxBytes = DEFAULT_MAX_IDX_BYTES } = limits;
  if (!(maxBytes > 0)) throw new RangeError(`${file}: maxBytes must be a positive number of bytes, got ${maxBytes}`);
  const typeOk = type === undefined || type === header.info.type;
  const shapeOk = shape === undefined || (shape.length === header.shape.length && shape.every((d, i) => d === null || d === header.shape[i]));
  if (!typeOk || !shapeOk) {
    const want = [type, "values", shape && `of shape [${shape.map((d) => d ?? "*").join(", ")}]`].filter(Boolean).join(" ");
    throw new DataFileError(file, `expected ${want}, but the header declares ${declared(header)}`);
  }
  if (header.fileBytes > maxBytes) {
    throw new DataFileError(file, `the header declares ${declared(header)}, ${header.fileBytes} bytes in all, more than the limit of ${maxBytes} (maxBytes)`);
  }
  if (gzipBytes !== undefined && header.fileBytes > gzipBytes * MAX_INFLATE_RATIO) {
    throw new DataFileError(
      file,
      `truncated: the header declares ${declared(header)} but ${gzipBytes} bytes of gzip data cannot inflate to more than ${gzipBytes * MAX_INFLATE_RATIO}`,
    );
  }
  return header.fileBytes;
}

/** The error for decompressed data that goes on past the `size` bytes its IDX header declares. */
export function trailingData(file: string, size: number): DataFileError {
  return new DataFileError(file, `trailing data: the gzip data inflates to more than the ${size}-byte file its IDX header declares`);
}
