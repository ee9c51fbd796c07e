import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * Writes `text` to `path` so that readers see the old file or the whole new one, never half of
 * it: write a temporary file beside it, then rename (atomic within one file system).
 *
 * @example
 * await writeFileAtomic("run.json", JSON.stringify(report));
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new Error(`could not write ${path}: ${(e as Error).message}`);
  }
}
