import { ModelFileError, type Sequential } from "@chainrule/layers";
import { loadModel } from "@chainrule/layers/node";
import { CliError } from "./errors.js";
import { fileProblem } from "./error-line.js";

/**
 * The model saved at `path` (the `--load` flag); a missing, unreadable or foreign file is a
 * {@link CliError} naming the file and what to do.
 *
 * @example
 * const model = await loadModelFile("cnn.safetensors");
 */
export async function loadModelFile(path: string): Promise<Sequential> {
  try {
    return await loadModel(path);
  } catch (e) {
    if (e instanceof ModelFileError) throw new CliError(`--load ${e.message}; give a model saved with chainrule-mnist --save`, { cause: e });
    if ((e as NodeJS.ErrnoException).code) throw new CliError(`--load ${path}: ${fileProblem(e)}`, { cause: e });
    throw e;
  }
}
