/**
 * Model files (Node only): `saveModel` writes a safetensors file atomically, `loadModel` checks it
 * against its header before allocating anything.
 *
 * @module @chainrule/layers/node
 */
import { writeFileAtomic } from "@chainrule/tensor/node";
import { readFile } from "node:fs/promises";
import { deserializeModel, serializeModel } from "./serialize.js";
import type { Sequential } from "./sequential.js";

/**
 * Saves a model as a safetensors file, atomically (`writeFileAtomic`): readers see the old file or
 * the whole new one, and a crash leaves no half-written file behind. The folder must exist.
 *
 * @example
 * import { saveModel } from "@chainrule/layers/node";
 * await saveModel(model, "mnist-cnn.safetensors");
 */
export async function saveModel(model: Sequential, path: string): Promise<void> {
  await writeFileAtomic(path, await serializeModel(model));
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
