import { randomBytes } from "node:crypto";
import { open, readFile, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { deserializeModel, serializeModel } from "./serialize.js";
import type { Sequential } from "./sequential.js";

/**
 * Saves a model as a safetensors file. The bytes go to a temporary file in the same directory,
 * are flushed to disk, and the file is then renamed over `path` (atomic on POSIX and Windows), so
 * a crash leaves either the old file or the new one, never half of one.
 *
 * @example
 * import { saveModel } from "@chainrule/layers/node";
 * await saveModel(model, "mnist-cnn.safetensors");
 */
export async function saveModel(model: Sequential, path: string): Promise<void> {
  const bytes = await serializeModel(model);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    const file = await open(tmp, "wx");
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/**
 * Loads a model saved by {@link saveModel} (architecture and weights) onto the current backend.
 * A truncated, corrupt or foreign file gives a ModelFileError naming the file and the problem.
 *
 * @example
 * import { loadModel } from "@chainrule/layers/node";
 * const model = await loadModel("mnist-cnn.safetensors");
 */
export async function loadModel(path: string): Promise<Sequential> {
  return deserializeModel(await readFile(path), path);
}
