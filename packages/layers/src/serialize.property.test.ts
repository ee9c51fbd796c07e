import { sizeOf, zeros, type Shape } from "@chainrule/tensor";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { architectureMetadata } from "./architecture.js";
import type { LayerConfig } from "./layer.js";
import { layerFromConfig } from "./registry.js";
import { decodeSafetensors, encodeSafetensors } from "./safetensors.js";
import type { Sequential } from "./sequential.js";
import { deserializeModel, modelTensors } from "./serialize.js";
import { jsonText, loadsOrRefuses, runs, wild, wildNumber } from "./test-fuzz.js";

const SOURCE = "fuzz.safetensors";

/** Usually a sensible value, sometimes a wild one, sometimes absent (`undefined` drops the key from the JSON). */
const option = <T>(sensible: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 16, arbitrary: sensible }, { weight: 1, arbitrary: wild }, { weight: 1, arbitrary: fc.constant(undefined) });
const dim = fc.integer({ min: 1, max: 6 });
const pair = fc.oneof(dim, fc.tuple(dim, dim));
const shape = fc.oneof({ weight: 6, arbitrary: fc.array(dim, { maxLength: 3 }) }, { weight: 1, arbitrary: fc.array(wildNumber, { maxLength: 4 }) });

/** The options of each registered layer type, and of one that is not registered. */
const options: Record<string, Record<string, fc.Arbitrary<unknown>>> = {
  Dense: { units: option(dim), useBias: option(fc.boolean()) },
  Conv2D: { filters: option(dim), kernelSize: option(pair), stride: option(pair), padding: option(fc.constantFrom("valid", "same", 0, 1)), useBias: option(fc.boolean()) },
  MaxPool2D: { poolSize: option(pair), stride: option(pair), padding: option(fc.constantFrom("valid", "same", 1)) },
  AvgPool2D: { poolSize: option(pair), stride: option(pair), padding: option(fc.constantFrom("valid", "same", 1)) },
  BatchNorm: { momentum: option(fc.constantFrom(0, 0.1, 1)), eps: option(fc.constantFrom(1e-5, 1)) },
  Dropout: { rate: option(fc.constantFrom(0, 0.5)) },
  Reshape: { targetShape: option(fc.array(fc.oneof(dim, fc.constant(-1)), { maxLength: 3 })) },
  LeakyReLU: { alpha: option(fc.constantFrom(0, 0.1)) },
  Flatten: {}, ReLU: {}, Sigmoid: {}, Tanh: {}, Softmax: {}, Unknown: {},
};

const layerName = fc.oneof({ weight: 20, arbitrary: fc.constantFrom("a", "b", "c", "d", "e", "f") }, { weight: 1, arbitrary: wild });
const layer: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(...Object.keys(options)).chain((type) => fc.record({ type: option(fc.constant(type)), name: layerName, ...options[type] })) },
  { weight: 1, arbitrary: wild },
);
const sequential = (layers: fc.Arbitrary<unknown>) => fc.record({ type: option(fc.constant("Sequential")), name: layerName, layers: option(fc.array(layers, { maxLength: 5 })) });
const model = sequential(fc.oneof({ weight: 20, arbitrary: layer }, { weight: 1, arbitrary: sequential(layer) }));

/** What the architecture would need, worked out by the library, when it can be (a generator aid, not the oracle). */
function plannedTensors(config: unknown, inputShape: unknown): { name: string; shape: Shape }[] | null {
  try {
    return (layerFromConfig(config as LayerConfig) as Sequential).plan(inputShape as Shape).tensors;
  } catch {
    return null;
  }
}

const values = (n: number) => Array.from({ length: n }, (_, i) => (i % 7) - 3 + i / 64);

/**
 * A model file: a random architecture, and either the tensors it needs (some loads succeed),
 * those tensors with one damaged, or unrelated ones; the architecture text now and then cut short.
 */
const modelFile = fc
  .record({ version: option(fc.constant(1)), inputShape: shape, model: fc.oneof({ weight: 20, arbitrary: model }, { weight: 1, arbitrary: wild }) })
  .chain((arch) => {
    const planned = plannedTensors(arch.model, arch.inputShape)?.filter((t, i, all) => all.findIndex((u) => u.name === t.name) === i);
    const fits = planned && planned.reduce((n, t) => n + sizeOf(t.shape), 0) <= 100_000 ? planned : [];
    const unrelated = fc.uniqueArray(fc.record({ name: fc.constantFrom("a.weight", "a.bias", "b.weight", "x"), shape: fc.array(dim, { maxLength: 2 }) }), { selector: (t) => t.name, maxLength: 3 });
    const damaged = fits.length
      ? fc.tuple(fc.nat(fits.length - 1), fc.constantFrom("drop", "rename", "reshape")).map(([i, how]) =>
          how === "drop" ? fits.filter((_, j) => j !== i) : fits.map((t, j) => (j !== i ? t : how === "rename" ? { ...t, name: `${t.name}_` } : { ...t, shape: [...t.shape, 2] })))
      : unrelated;
    const tensors = fc.oneof({ weight: 4, arbitrary: fc.constant(fits) }, { weight: 1, arbitrary: damaged }, { weight: 1, arbitrary: unrelated });
    const text = jsonText(arch);
    const architecture = fc.oneof({ weight: 12, arbitrary: fc.constant(text) }, { weight: 1, arbitrary: fc.nat(text.length).map((n) => text.slice(0, n)) });
    return fc.tuple(tensors, architecture, fc.oneof({ weight: 12, arbitrary: fc.constant("chainrule") }, { weight: 1, arbitrary: fc.string({ maxLength: 3 }) }));
  })
  .map(([tensors, architecture, format]) => encodeSafetensors(tensors.map((t) => ({ ...t, data: values(sizeOf(t.shape)) })), { format, architecture }));

/** Loading must refuse with a ModelFileError or give a model that holds exactly the file's tensors, runs, and saves back to the same architecture. */
function loadsConsistently(bytes: Uint8Array): boolean {
  const model = loadsOrRefuses(SOURCE, () => deserializeModel(bytes, SOURCE));
  if (!model) return false;
  const file = decodeSafetensors(bytes);
  const tensors = modelTensors(model);
  expect(tensors.map((t) => t.name).sort()).toEqual([...file.tensors.keys()].sort());
  for (const { name, tensor } of tensors) {
    expect(tensor.shape).toEqual(file.tensors.get(name)?.shape);
    expect(tensor.dataSync()).toEqual(file.tensors.get(name)?.data);
  }
  const inputShape = model.inputShape as Shape;
  expect(inputShape).toEqual(JSON.parse(file.metadata.architecture).inputShape);
  if ([inputShape, ...model.summary().rows.map((r) => r.outputShape)].every((s) => sizeOf(s) <= 10_000)) {
    expect(model.forward(zeros([2, ...inputShape]), false).shape).toEqual([2, ...(model.outputShape as Shape)]);
  }
  const resaved = encodeSafetensors(tensors.map(({ name, tensor }) => ({ name, shape: tensor.shape, data: tensor.dataSync() })), architectureMetadata(inputShape, model.config()));
  expect(deserializeModel(resaved).config()).toEqual(model.config());
  model.dispose();
  return true;
}

describe("deserializeModel on random architectures", () => {
  it("loads a consistent model or throws ModelFileError, quickly and within bounded memory", () => {
    const rss = process.memoryUsage().rss;
    let loaded = 0;
    fc.assert(
      fc.property(modelFile, (bytes) => {
        if (loadsConsistently(bytes)) loaded++;
      }),
      runs(5, 600),
    );
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 2 ** 20);
    expect(loaded).toBeGreaterThan(30); // the generator reaches the success path, not only refusals
  });
});
