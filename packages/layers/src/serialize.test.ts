import { getRng, randomNormal, Rng, setSeed, withBackend } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { fixtureBackends } from "../../../fixtures/pytorch/backends.js";
import { AvgPool2D } from "./avg-pool2d.js";
import { BatchNorm } from "./batch-norm.js";
import { Conv2D } from "./conv2d.js";
import { Dense } from "./dense.js";
import { Dropout } from "./dropout.js";
import { Flatten } from "./flatten.js";
import { LeakyReLU } from "./leaky-relu.js";
import { MaxPool2D } from "./max-pool2d.js";
import { ModelFileError } from "./model-file-error.js";
import { registerLayer } from "./registry.js";
import { ReLU } from "./relu.js";
import { Reshape } from "./reshape.js";
import { decodeSafetensors, encodeSafetensors } from "./safetensors.js";
import { Sequential } from "./sequential.js";
import { deserializeModel, loadWeights, modelTensors, serializeModel } from "./serialize.js";
import { Sigmoid } from "./sigmoid.js";
import { Softmax } from "./softmax.js";
import { Tanh } from "./tanh.js";

const rnd = (shape: number[], seed: number) => randomNormal(shape, 0, 1, { rng: new Rng(seed) });

/** A model using every built-in layer type, with BatchNorm statistics moved off their initial values. */
function everyLayer(): Sequential {
  const rng = new Rng(1);
  const model = new Sequential([
    new Reshape({ targetShape: [6, 6, 1] }), new Conv2D({ filters: 4, kernelSize: 3, padding: "same", name: "conv1", rng }),
    new BatchNorm({ name: "bn1", momentum: 0.2 }), new LeakyReLU({ alpha: 0.1 }), new MaxPool2D(), new Conv2D({ filters: 3, kernelSize: [2, 1], stride: 2, useBias: false, rng }),
    new Tanh(), new AvgPool2D({ poolSize: 1 }), new Flatten(), new Dropout({ rate: 0.3, rng }), new Dense({ units: 5, rng }), new BatchNorm(),
    new ReLU(), new Dense({ units: 3, name: "fc2", rng }), new Sigmoid(), new Softmax(),
  ], { inputShape: [36] });
  for (let i = 0; i < 3; i++) model.forward(rnd([4, 36], 10 + i), true);
  return model;
}

/** The same file with one layer type renamed in its architecture. */
function retype(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const architecture = metadata.architecture.replace(`"type":"${from}"`, `"type":"${to}"`);
  return encodeSafetensors([...tensors].map(([name, t]) => ({ name, ...t })), { ...metadata, architecture });
}

/** A model file with `architecture` written as given (any JSON) and `tensors`. */
function modelFile(architecture: unknown, tensors: { name: string; shape: number[]; data: number[] }[] = []): Uint8Array {
  return encodeSafetensors(tensors, { format: "chainrule", architecture: JSON.stringify(architecture) });
}

/** An architecture of `layers` (configs) for samples of `inputShape`. */
const sequentialOf = (inputShape: unknown, layers: unknown[]) => ({ version: 1, inputShape, model: { type: "Sequential", name: "sequential", layers } });

const BOMB_INPUTS = 1_000_000_000;

/** A 560-byte model file whose architecture says each sample has a billion features; its three tensors are tiny. */
const bomb = modelFile(sequentialOf([BOMB_INPUTS], [{ type: "Dense", name: "fc1", units: 2, useBias: true }, { type: "Dense", name: "fc2", units: 1, useBias: false }]), [
  { name: "fc1.weight", shape: [4, 2], data: new Array(8).fill(0.5) }, { name: "fc1.bias", shape: [2], data: [0, 0] }, { name: "fc2.weight", shape: [2, 1], data: [1, -1] },
]);

describe.each(fixtureBackends)("serializeModel / deserializeModel on $name", ({ backend }) => {
  it("round-trips every layer type: same architecture, same tensors, bit-identical predictions", async () => {
    const model = withBackend(backend, everyLayer);
    const bytes = await serializeModel(model);
    const copy = withBackend(backend, () => deserializeModel(bytes));
    expect(copy.config()).toEqual(model.config());
    expect(copy.summary().text).toBe(model.summary().text);
    const names = modelTensors(model).map((t) => t.name);
    expect(modelTensors(copy).map((t) => t.name)).toEqual(names);
    expect(names).toContain("bn1.running_mean");
    expect(names).toContain("bn1.running_var");
    for (const [a, b] of modelTensors(model).map((t, i) => [t.tensor, modelTensors(copy)[i].tensor])) {
      expect(b.backend).toBe(backend);
      expect(await b.data()).toEqual(await a.data());
    }
    const [expected, actual] = withBackend(backend, () => {
      const x = rnd([3, 36], 20);
      return [model.forward(x, false), copy.forward(x, false)];
    });
    expect(await actual.data()).toEqual(await expected.data());
  });

  it("refuses a tiny file whose architecture declares a billion inputs, before allocating anything", () => {
    expect(bomb.length).toBeLessThan(1000);
    const rss = process.memoryUsage().rss;
    const start = performance.now();
    expect(() => withBackend(backend, () => deserializeModel(bomb, "bomb.safetensors"))).toThrow(ModelFileError);
    expect(() => withBackend(backend, () => deserializeModel(bomb, "bomb.safetensors"))).toThrow(
      `bomb.safetensors: the tensors do not fit the architecture in __metadata__: shape mismatch: fc1.weight is [4, 2] in the file but [${BOMB_INPUTS}, 2] in the model`,
    );
    expect(performance.now() - start).toBeLessThan(1000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 2 ** 20);
  });
});

describe("serializeModel / deserializeModel", () => {
  it("stores the architecture as a JSON string in __metadata__", async () => {
    const bytes = await serializeModel(new Sequential([new Dense({ units: 2, name: "fc1" })], { inputShape: [3] }));
    const n = new DataView(bytes.buffer).getUint32(0, true);
    const meta = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))).__metadata__;
    expect(meta.format).toBe("chainrule");
    expect(JSON.parse(meta.architecture)).toEqual({
      version: 1, inputShape: [3], model: { type: "Sequential", name: "sequential", layers: [{ type: "Dense", name: "fc1", units: 2, useBias: true }] },
    });
  });

  it("rebuilds registered custom layers and names unknown ones", async () => {
    class Twice extends Tanh {} // stands in for a user's layer type
    registerLayer("Twice", (c) => new Twice({ name: c.name }));
    const model = new Sequential([new Dense({ units: 2 }), new Tanh({ name: "t" })], { inputShape: [2] });
    const bytes = await serializeModel(model);
    const copy = deserializeModel(retype(bytes, "Tanh", "Twice"));
    expect(copy.layers[1]).toBeInstanceOf(Twice);
    expect(() => deserializeModel(retype(bytes, "Tanh", "Tanx"), "m.st")).toThrow(
      "m.st: cannot rebuild the architecture: unknown layer type 'Tanx' (layer 't'); register it with registerLayer",
    );
  });

  it("refuses shapes that are not positive integers or are absurdly large, and a non-object architecture", () => {
    const conv = { type: "Conv2D", name: "c", filters: 1, kernelSize: 1, padding: 30000 };
    const cases: [unknown, string][] = [
      [sequentialOf([0], []), "the architecture's inputShape [0] must hold positive integers"],
      [sequentialOf([2 ** 53 + 2], []), "the architecture's inputShape [9007199254740994] must hold positive integers"],
      [sequentialOf(["28"], []), `the architecture's inputShape ["28"] must hold positive integers`],
      [sequentialOf([65536, 65536], []), "the architecture's inputShape [65536, 65536] has 4294967296 elements per sample, more than the 2147483648 a model may have"],
      [sequentialOf([1, 1, 1], [conv]), "the output of layer 'c' [60001, 60001, 1] has 3600120001 elements per sample, more than the 2147483648 a model may have"],
      [null, "the architecture in __metadata__ is not a JSON object"],
    ];
    for (const [architecture, message] of cases) {
      expect(() => deserializeModel(modelFile(architecture), "m.st")).toThrow(ModelFileError);
      expect(() => deserializeModel(modelFile(architecture), "m.st")).toThrow(`m.st: ${message}`);
    }
  });

  it("refuses layer options of the wrong type, naming the option and the value", () => {
    const cases: [unknown, string][] = [
      [{ type: "Dropout", name: "d", rate: "0.5" }, `Dropout: rate must be a number in [0, 1), got "0.5"`],
      [{ type: "BatchNorm", name: "b", momentum: [0.1] }, "BatchNorm: momentum must be a number in [0, 1], got [0.1]"],
      [{ type: "BatchNorm", name: "b", eps: true }, "BatchNorm: eps must be a positive number, got true"],
      [{ type: "LeakyReLU", name: "l", alpha: "0.1" }, `LeakyReLU: alpha must be ≥ 0, got "0.1"`],
      [{ type: "Dense", name: "f", units: 2, useBias: "yes" }, `Dense: useBias must be true or false, got "yes"`],
      [{ type: "Conv2D", name: "c", filters: 2 }, "Conv2D: kernelSize must be positive integers, got undefined"],
      [{ type: "Reshape", name: "r", targetShape: "28x28" }, `Reshape: targetShape must be a list of dimensions, got "28x28"`],
    ];
    for (const [layer, message] of cases) {
      expect(() => deserializeModel(modelFile(sequentialOf([4], [layer])), "m.st")).toThrow(`m.st: cannot rebuild the architecture: ${message}`);
    }
  });

  it("refuses an architecture that gives two tensors one name", () => {
    const inner = (name: string) => ({ type: "Sequential", name, layers: [{ type: "Dense", name: "fc", units: 1, useBias: false }] });
    const bytes = modelFile(sequentialOf([1], [inner("a"), inner("b")]), [{ name: "fc.weight", shape: [1, 1], data: [2] }]);
    expect(() => deserializeModel(bytes, "m.st")).toThrow("m.st: the tensors do not fit the architecture in __metadata__: named twice in the model: fc.weight");
  });

  it("makes the parameters from the file's values without drawing from the shared generator", async () => {
    const bytes = await serializeModel(new Sequential([new Dense({ units: 3, name: "fc1", rng: new Rng(4) }), new BatchNorm({ name: "bn1" })], { inputShape: [5] }));
    setSeed(7);
    const copy = deserializeModel(bytes);
    expect(getRng().next()).toBe(new Rng(7).next());
    expect(modelTensors(copy).map((t) => Array.from(t.tensor.dataSync()))).toEqual([...decodeSafetensors(bytes).tensors.values()].map((t) => Array.from(t.data)));
  });

  it("refuses a safetensors file without a chainrule architecture", () => {
    expect(() => deserializeModel(encodeSafetensors([{ name: "w", shape: [1], data: [1] }]), "hf.safetensors")).toThrow(
      "hf.safetensors: no chainrule architecture in __metadata__",
    );
  });
});

describe("loadWeights", () => {
  it("copies weights into a model of the same architecture", async () => {
    const a = new Sequential([new Dense({ units: 3, name: "fc1", rng: new Rng(1) })], { inputShape: [2] });
    const b = new Sequential([new Dense({ units: 3, name: "fc1", rng: new Rng(2) })], { inputShape: [2] });
    loadWeights(b, await serializeModel(a));
    const x = rnd([2, 2], 3);
    expect(b.forward(x).dataSync()).toEqual(a.forward(x).dataSync());
  });

  it("lists every missing, unexpected and mis-shaped tensor", async () => {
    const saved = new Sequential([new Dense({ units: 3, name: "fc1" }), new BatchNorm({ name: "bn1" })], { inputShape: [2] });
    const other = new Sequential([new Dense({ units: 4, name: "fc1" }), new Dense({ units: 2, name: "fc2" })], { inputShape: [2] });
    expect(() => loadWeights(other, new Uint8Array(0), "x.safetensors")).toThrow("x.safetensors: truncated");
    expect(() => loadWeights(other, new Uint8Array(0))).toThrow("model bytes: truncated");
    let message = "";
    try {
      loadWeights(other, await serializeModel(saved), "ckpt.safetensors");
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(
      "ckpt.safetensors: weights do not fit model 'sequential': missing from the file: fc2.weight, fc2.bias; " +
        "not in the model: bn1.weight, bn1.bias, bn1.running_mean, bn1.running_var; " +
        "shape mismatch: fc1.weight is [2, 3] in the file but [2, 4] in the model; fc1.bias is [3] in the file but [4] in the model",
    );
  });
});
