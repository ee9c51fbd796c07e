import { deserializeModel, type Sequential } from "@chainrule/layers";
import { formatShape, shapesEqual } from "@chainrule/tensor";
import type { InputLayout } from "./models.js";

/**
 * A model read back from safetensors bytes (saved by `serializeModel`) on the current backend, and
 * the input layout it reads. Refuses models that do not take MNIST digits or do not output ten
 * classes; the error names the file.
 *
 * @example
 * const { model, layout } = readModelFile(bytes, "chainrule-mlp-step400.safetensors");
 */
export function readModelFile(bytes: Uint8Array, fileName: string): { model: Sequential; layout: InputLayout } {
  const model = deserializeModel(bytes, fileName);
  const refuse = (problem: string): never => {
    model.dispose();
    throw new Error(`${fileName}: ${problem}`);
  };
  const input = model.inputShape ?? [];
  const output = model.outputShape ?? [];
  const layout = shapesEqual(input, [784]) ? "flat" : shapesEqual(input, [28, 28, 1]) ? "image" : null;
  if (!layout) refuse(`the model reads samples of shape ${formatShape(input)}, but the playground feeds MNIST digits as [784] or [28, 28, 1]`);
  if (!shapesEqual(output, [10])) refuse(`the model outputs ${formatShape(output)}, but the playground needs [10] (one logit per digit)`);
  return { model, layout: layout as InputLayout };
}
