import { formatShape, shapesEqual, type Shape } from "@chainrule/tensor";
import { architectureMetadata, checkSampleShape, readArchitecture } from "./architecture.js";
import { layerTensors, type NamedTensor } from "./layer.js";
import { ModelFileError } from "./model-file-error.js";
import { layerFromConfig } from "./registry.js";
import { encodeSafetensors, readSafetensorsData, readSafetensorsHeader, type SafetensorsEntry, type SafetensorsHeader } from "./safetensors.js";
import { Sequential } from "./sequential.js";

/**
 * Every tensor a saved model holds, by name: each parameter's value (`conv1.weight`) and each
 * layer's state (`bn1.running_mean`), layer by layer as in a PyTorch state_dict.
 *
 * @example
 * modelTensors(model).map((t) => t.name); // ["conv1.weight", "conv1.bias", ...]
 */
export function modelTensors(model: Sequential): NamedTensor[] {
  return model.layers.flatMap(layerTensors);
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
  const metadata = architectureMetadata(model.inputShape, model.config());
  const tensors = await Promise.all(modelTensors(model).map(async ({ name, tensor }) => ({ name, shape: tensor.shape, data: await tensor.data() })));
  return encodeSafetensors(tensors, metadata);
}

/**
 * Rebuilds a model from `serializeModel` bytes on the current backend: the architecture from the
 * metadata, then the weights. Every shape the architecture leads to is checked against the file
 * before anything is allocated, and the parameters are made from the file's values (no
 * initializer runs), so a small file cannot make it allocate more than the file holds. Errors
 * are {@link ModelFileError}s naming `source` (e.g. the file) and what is wrong.
 *
 * @example
 * const model = deserializeModel(bytes, "mnist.safetensors");
 */
export function deserializeModel(bytes: Uint8Array, source = "model bytes"): Sequential {
  const header = readSafetensorsHeader(bytes, source);
  const { inputShape, model: config } = readArchitecture(header.metadata, source);
  const model = rebuilding(source, () => layerFromConfig(config));
  if (!(model instanceof Sequential)) throw new ModelFileError(source, `the architecture is a ${config.type}, not a Sequential model`);
  const plan = rebuilding(source, () => model.plan(inputShape));
  plan.outputs.forEach((shape, i) => checkSampleShape(shape, `the output of layer '${model.layers[i].name}'`, source));
  checkTensors(plan.tensors, header, source, "the tensors do not fit the architecture in __metadata__");
  rebuilding(source, () => model.build(inputShape, { initialize: false }));
  applyWeights(model, bytes, header, source);
  return model;
}

/**
 * Copies weights from safetensors bytes into a built model, after checking that the names and
 * shapes match exactly; the error lists every missing, unexpected and mis-shaped tensor.
 *
 * @example
 * loadWeights(model, bytes, "checkpoint.safetensors");
 */
export function loadWeights(model: Sequential, bytes: Uint8Array, source = "model bytes"): void {
  applyWeights(model, bytes, readSafetensorsHeader(bytes, source), source);
}

/** Runs one step of making the model from its architecture; what it throws becomes a ModelFileError. */
function rebuilding<T>(source: string, step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (e instanceof ModelFileError) throw e;
    throw new ModelFileError(source, `cannot rebuild the architecture: ${(e as Error).message}`);
  }
}

function applyWeights(model: Sequential, bytes: Uint8Array, header: SafetensorsHeader, source: string): void {
  const wanted = modelTensors(model);
  checkTensors(wanted.map((t) => ({ name: t.name, shape: t.tensor.shape })), header, source, `weights do not fit model '${model.name}'`);
  for (const { name, tensor } of wanted) tensor.backend.write(tensor.dataId, readSafetensorsData(bytes, header.entries.get(name) as SafetensorsEntry));
}

/** Throws `mismatch: ...` listing every tensor the model wants that the file lacks, has extra, or shapes otherwise. */
function checkTensors(wanted: readonly { name: string; shape: Shape }[], header: SafetensorsHeader, source: string, mismatch: string): void {
  const { entries } = header;
  const names = wanted.map((t) => t.name);
  const known = new Set<string>();
  const twice = new Set<string>();
  for (const n of names) (known.has(n) ? twice : known).add(n);
  const missing = names.filter((n) => !entries.has(n));
  const unexpected = [...entries.keys()].filter((n) => !known.has(n));
  const misshaped = wanted.filter((t) => entries.has(t.name) && !shapesEqual(t.shape, entries.get(t.name)?.shape ?? []))
    .map((t) => `${t.name} is ${formatShape(entries.get(t.name)?.shape ?? [])} in the file but ${formatShape(t.shape)} in the model`);
  const problems = [
    twice.size ? `named twice in the model: ${[...twice].join(", ")}` : "",
    missing.length ? `missing from the file: ${missing.join(", ")}` : "",
    unexpected.length ? `not in the model: ${unexpected.join(", ")}` : "",
    misshaped.length ? `shape mismatch: ${misshaped.join("; ")}` : "",
  ].filter(Boolean);
  if (problems.length) throw new ModelFileError(source, `${mismatch}: ${problems.join("; ")}`);
}
