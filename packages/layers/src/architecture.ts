import { formatShape, sizeOf, type Shape } from "@chainrule/tensor";
import type { LayerConfig } from "./layer.js";
import { ModelFileError } from "./model-file-error.js";

/** `__metadata__.format` of a chainrule model file. */
const FORMAT = "chainrule";
const VERSION = 1;

/**
 * The most elements one sample may have at any point of a model read from a file. Past 2^31
 * float32 values (8 GiB a sample) no backend could run the model, and a file claiming it is corrupt
 * or hostile; checking it also keeps the shape arithmetic exact.
 */
export const MAX_SAMPLE_ELEMENTS = 2 ** 31;

/**
 * What `__metadata__.architecture` holds, as a JSON string.
 *
 * @example
 * const arch: Architecture = { version: 1, inputShape: [784], model: model.config() };
 */
export interface Architecture {
  version: number;
  inputShape: Shape;
  model: LayerConfig;
}

/**
 * The `__metadata__` entries that record a model's architecture in a safetensors file.
 *
 * @example
 * encodeSafetensors(tensors, architectureMetadata([784], model.config()));
 */
export function architectureMetadata(inputShape: Shape, model: LayerConfig): Record<string, string> {
  const architecture: Architecture = { version: VERSION, inputShape: [...inputShape], model };
  return { format: FORMAT, architecture: JSON.stringify(architecture) };
}

/**
 * Reads the architecture back from `__metadata__`, checking its form and its input shape; the
 * layer configs are checked when the layers are made from them. Errors name `source`.
 *
 * @example
 * const { inputShape, model } = readArchitecture(readSafetensorsHeader(bytes).metadata, "m.safetensors");
 */
export function readArchitecture(metadata: Record<string, string>, source: string): Architecture {
  const fail = (problem: string): never => {
    throw new ModelFileError(source, problem);
  };
  if (metadata.format !== FORMAT || metadata.architecture === undefined) {
    fail("no chainrule architecture in __metadata__ (a safetensors file saved elsewhere? build the model and use loadWeights)");
  }
  let arch: unknown;
  try {
    arch = JSON.parse(metadata.architecture);
  } catch (e) {
    fail(`the architecture in __metadata__ is not valid JSON (${(e as Error).message})`);
  }
  if (!arch || typeof arch !== "object" || Array.isArray(arch)) fail("the architecture in __metadata__ is not a JSON object");
  const { version, inputShape, model } = arch as Partial<Architecture>;
  if (version !== VERSION) fail(`architecture version ${JSON.stringify(version)} is not supported (this library reads version ${VERSION})`);
  if (!Array.isArray(inputShape)) fail("the architecture has no inputShape");
  checkSampleShape(inputShape as Shape, "the architecture's inputShape", source);
  return { version: VERSION, inputShape: inputShape as Shape, model: model as LayerConfig };
}

/**
 * Checks a sample shape a model file leads to (`what` names where it arises): dimensions that are
 * positive integers, at most {@link MAX_SAMPLE_ELEMENTS} elements.
 *
 * @example
 * checkSampleShape([28, 28, 1], "the architecture's inputShape", "m.safetensors"); // passes
 */
export function checkSampleShape(shape: Shape, what: string, source: string): void {
  if (!shape.every((d) => Number.isSafeInteger(d) && d > 0)) {
    throw new ModelFileError(source, `${what} ${JSON.stringify(shape)} must hold positive integers`);
  }
  const size = sizeOf(shape);
  if (size > MAX_SAMPLE_ELEMENTS) {
    throw new ModelFileError(source, `${what} ${formatShape(shape)} has ${size} elements per sample, more than the ${MAX_SAMPLE_ELEMENTS} a model may have`);
  }
}
