// Node-only helpers (file system); the main entry stays browser-safe.
export { removeStaleTemps, writeFileAtomic } from "./node/write-file-atomic.js";
