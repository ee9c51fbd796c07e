import type { DataId } from "../backend.js";
import type { PrimitiveBackend } from "./primitives.js";

/**
 * Runs `body` with temporary buffers of the given element counts, allocated on `p` and freed
 * afterwards, also when `body` throws: a composite leaves `memory()` as it found it.
 */
export function withScratch<T>(p: PrimitiveBackend, sizes: readonly number[], body: (ids: DataId[]) => T): T {
  const ids: DataId[] = [];
  try {
    for (const size of sizes) ids.push(p.alloc(size));
    return body(ids);
  } finally {
    for (const id of ids) p.free(id);
  }
}
