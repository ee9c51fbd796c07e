// Node-only entry (@chainrule/data-mnist/node): file system, zlib, crypto. The main entry stays browser-safe.
export type { CacheOptions } from "./node/download.js";
export { loadFashionMnist, loadMnist, mnistDataDir, type LoadOptions } from "./node/load-mnist.js";
export { readIdxFile } from "./node/read-idx-file.js";
