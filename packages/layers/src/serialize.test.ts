import { randomNormal, Rng, withBackend } from "@chainrule/tensor";
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

describe.each(fixtureBackends)("serializeModel / deserializeModel on $name", ({ backend }) => {
  it("round-trips every layer type: same architecture, same tensors, bit-identical predictions", async () => {
    const model = withBackend(backend, everyLayer);
    const bytes = await serializeModel(model);
    withBackend(backend, () => {
      const copy = deserializeModel(bytes);
      expect(copy.config()).toEqual(model.config());
      expect(copy.summary().text).toBe(model.summary().text);
      const names = modelTensors(model).map((t) => t.name);
      expect(modelTensors(copy).map((t) => t.name)).toEqual(names);
      expect(names).toContain("bn1.running_mean");
      expect(names).toContain("bn1.running_var");
      for (const [a, b] of modelTensors(model).map((t, i) => [t.tensor, modelTensors(copy)[i].tensor])) {
        expect(b.backend).toBe(backend);
        expect(b.dataSync()).toEqual(a.dataSync());
      }
      const x = rnd([3, 36], 20);
      expect(copy.forward(x, false).dataSync()).toEqual(model.forward(x, false).dataSync());
    });
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
