/**
 * MNIST and Fashion-MNIST: the IDX reader, decoding from bytes or a URL, and batching into tensors.
 * Browser-safe (no Node built-ins): loading from disk or with a cache lives in `@chainrule/data-mnist/node`.
 *
 * @module @chainrule/data-mnist
 */
export { Batcher, type Batch, type BatchOptions, type Layout } from "./batcher.js";
export { DataFileError } from "./data-file-error.js";
export { fetchBytes, type DownloadProgress, type FetchLike, type StreamOptions } from "./fetch-file.js";
export { fetchFashionMnist, fetchMnist, type FetchMnistOptions } from "./fetch-mnist.js";
export { fashionMnistFromBytes, mnistFromBytes, type MnistBytes } from "./from-bytes.js";
export { isGzip, parseIdx, type IdxArray, type IdxData, type IdxType } from "./idx.js";
export { mnistFromIdx, type MnistData } from "./mnist-data.js";
export {
  FASHION_MNIST_SHA256, FASHION_MNIST_URL, MNIST_FILE_KEYS, MNIST_FILE_NAMES, MNIST_SHA256, MNIST_URL, type MnistFileKey,
} from "./mnist-files.js";
export { MnistSplit, type MnistSplitInit } from "./mnist-split.js";
export { MNIST_STATS, pixelStats, type PixelStats } from "./pixel-stats.js";
export {
  centreOfMass, inkBox, prepareDigit, resizeArea, rgbaToGrey, type GreyImage, type PixelBox, type PrepareDigitOptions,
} from "./prepare-digit.js";
export { pixelAffine, pixelTable, type Normalize } from "./pixel-table.js";
export { gunzip } from "./gunzip.js";
export { DEFAULT_MAX_IDX_BYTES, type IdxLimits } from "./idx-limits.js";
export { readIdx } from "./read-idx.js";
export { splitDataset, type EpochOptions, type SplitDataset } from "./split-dataset.js";
