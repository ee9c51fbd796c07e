import type { Sequential } from "@chainrule/layers";
import { CliError } from "./errors.js";
import type { Layout } from "./models.js";

/**
 * The input layout a built model takes: [784] → flat, [28, 28, 1] → image; anything else is not
 * an MNIST model and the error says so.
 *
 * @example
 * layoutOfModel(await loadModel("cnn.safetensors")); // "image"
 */
export function layoutOfModel(model: Sequential, source: string): Layout {
  const s = model.inputShape?.join(",");
  if (s === "784") return "flat";
  if (s === "28,28,1") return "image";
  throw new CliError(`${source}: the model takes samples of shape [${model.inputShape?.join(", ") ?? "unknown"}], not MNIST images ([784] or [28, 28, 1]); give a model saved with chainrule-mnist --save`);
}
