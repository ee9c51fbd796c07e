/**
 * Node-only helpers (file system): `writeFileAtomic`, the one file writer of every package. The
 * main entry stays browser-safe.
 *
 * @module @chainrule/tensor/node
 */
export { removeStaleTemps, writeFileAtomic } from "./node/write-file-atomic.js";
