import { formatShape, shapesEqual } from "@chainrule/tensor";
import type { LayerConfig, NamedTensor } from "./layer.js";
import { ModelFileError } from "./model-file-error.js";
import { layerFromConfig } from "./registry.js";
import { decodeSafetensors, encodeSafetensors, type SafetensorsFile, type SafetensorsTensor } from "./safetensors.js";
import { Sequential } from "./sequential.js";

/** `__metadata__.format` of a chainrule model file. */
const FORMAT = "chainrule";
const VERSION = 1;

/** What `__metadata__.architecture` holds, as a JSON string. */
interface Architecture {
  version: number;
  inputShape: number[];
  model: LayerConfig;
}

/**
 * Every tensor a saved model holds, by name: each parameter's value (`conv1.weight`) and each
 * layer's state (`bn1.running_mean`), layer by layer as in a PyTorch state_dict.
 *
 * @example
 * modelTensors(model).map((t) => t.name); // ["conv1.weight", "conv1.bias", ...]
 */
export function modelTensors(model: Sequential): NamedTensor[] {
  return model.layers.flatMap((l) => [...l.parameters().map((p) => ({ name: p.name, tensor: p.value })), ...(l.buffers?.() ?? [])]);
}

/**
 * The model as safetensors bytes: weights as F32 tensors named after layers and parameters,
 * the architecture as JSON in `__metadata__.architecture`. Asynchronous because reading tensors
 * back from a GPU backend is.
 *
 * @example
 * const bytes = await serializeModel(model);
 */
export async function serializeModel(model: Sequential): Promise<Uint8Array> {
  if (!model.inputShape) throw new Error(`serializeModel: build '${model.name}' (give inputShape) before saving it`);
  const architecture: Architecture = { version: VERSION, inputShape: [...model.inputShape], model: model.config() };
  const tensors = await Promise.all(modelTensors(model).map(async ({ name, tensor }) => ({ name, shape: tensor.shape, data: await tensor.data() })));
  return encodeSafetensors(tensors, { format: FORMAT, architecture: JSON.stringify(architecture) });
}

/**
 * Rebuilds a model from `serializeModel` bytes on the current backend: the architecture from the
 * metadata, then the weights. Errors name `source` (e.g. the file) and what is wrong.
 *
 * @example
 * const model = deserializeModel(bytes, "mnist.safetensors");
 */
export function deserializeModel(bytes: Uint8Array, source = "model bytes"): Sequential {
  const file = decodeSafetensors(bytes, source);
  const fail = (problem: string): never => {
    throw new ModelFileError(source, problem);
  };
  if (file.metadata.format !== FORMAT || file.metadata.architecture === undefined) {
    fail("no chainrule architecture in __metadata__ (a safetensors file saved elsewhere? build the model and use loadWeights)");
  }
  let arch: Architecture | undefined;
  try {
    arch = JSON.parse(file.metadata.architecture) as Architecture;
  } catch (e) {
    fail(`the architecture in __metadata__ is not valid JSON (${(e as Error).message})`);
  }
  const { version, inputShape, model: config } = arch as Architecture;
  if (version !== VERSION) fail(`architecture version ${version} is not supported (this library reads version ${VERSION})`);
  if (!Array.isArray(inputShape)) fail("the architecture has no inputShape");
  let model: Sequential | undefined;
  try {
    const layer = layerFromConfig(config);
    if (!(layer instanceof Sequential)) fail(`the architecture is a ${config.type}, not a Sequential model`);
    model = layer as Sequential;
    model.build(inputShape);
  } catch (e) {
    if (e instanceof ModelFileError) throw e;
    fail(`cannot rebuild the architecture: ${(e as Error).message}`);
  }
  applyWeights(model as Sequential, file, source);
  return model as Sequential;
}

/**
 * Copies weights from safetensors bytes into a built model, after checking that the names and
 * shapes match exactly; the error lists every missing, unexpected and mis-shaped tensor.
 *
 * @example
 * loadWeights(model, bytes, "checkpoint.safetensors");
 */
export function loadWeights(model: Sequential, bytes: Uint8Array, source = "model bytes"): void {
  applyWeights(model, decodeSafetensors(bytes, source), source);
}

function applyWeights(model: Sequential, file: SafetensorsFile, source: string): void {
  const wanted = modelTensors(model);
  const missing = wanted.filter((t) => !file.tensors.has(t.name)).map((t) => t.name);
  const known = new Set(wanted.map((t) => t.name));
  const unexpected = [...file.tensors.keys()].filter((n) => !known.has(n));
  const misshaped = wanted.filter((t) => file.tensors.has(t.name) && !shapesEqual(t.tensor.shape, file.tensors.get(t.name)?.shape ?? []))
    .map((t) => `${t.name} is ${formatShape(file.tensors.get(t.name)?.shape ?? [])} in the file but ${formatShape(t.tensor.shape)} in the model`);
  const problems = [
    missing.length ? `missing from the file: ${missing.join(", ")}` : "",
    unexpected.length ? `not in the model: ${unexpected.join(", ")}` : "",
    misshaped.length ? `shape mismatch: ${misshaped.join("; ")}` : "",
  ].filter(Boolean);
  if (problems.length) throw new ModelFileError(source, `weights do not fit model '${model.name}': ${problems.join("; ")}`);
  for (const { name, tensor } of wanted) tensor.backend.write(tensor.dataId, (file.tensors.get(name) as SafetensorsTensor).data);
}
