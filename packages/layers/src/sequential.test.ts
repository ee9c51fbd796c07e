import { JsBackend, memory, randomNormal, Rng, tensor, withBackend, type Shape, type Tensor } from "@chainrule/tensor";
import { describe, expect, it, vi } from "vitest";
import { BatchNorm } from "./batch-norm.js";
import { Conv2D } from "./conv2d.js";
import { Dense } from "./dense.js";
import { Dropout } from "./dropout.js";
import { Flatten } from "./flatten.js";
import { assertGradcheck, gradcheck } from "./gradcheck.js";
import type { Layer } from "./layer.js";
import { MaxPool2D } from "./max-pool2d.js";
import { ReLU } from "./relu.js";
import { Reshape } from "./reshape.js";
import { Sequential } from "./sequential.js";
import { Tanh } from "./tanh.js";
import { backwardResult } from "./test-grads.js";

const rnd = (shape: number[], seed: number) => randomNormal(shape, 0, 1, { rng: new Rng(seed) });

/** A LeNet-style CNN for 28x28x1 images. */
const cnn = (rng = new Rng(1)) =>
  new Sequential([
    new Conv2D({ filters: 8, kernelSize: 5, name: "conv1", rng }), new ReLU(), new MaxPool2D(),
    new Conv2D({ filters: 16, kernelSize: 5, rng }), new BatchNorm({ name: "bn1" }), new ReLU(), new MaxPool2D(),
    new Flatten(), new Dropout({ rate: 0.25, rng }), new Dense({ units: 10, name: "fc1", rng }),
  ], { inputShape: [28, 28, 1] });

describe("Sequential", () => {
  it("names unnamed layers per type, keeping given names, and rejects duplicates", () => {
    const model = new Sequential([new Dense({ units: 4, name: "dense_1" }), new ReLU(), new Dense({ units: 3 }), new ReLU(), new Dense({ units: 2, name: "out" })]);
    expect(model.layers.map((l) => l.name)).toEqual(["dense_1", "relu_1", "dense_2", "relu_2", "out"]);
    expect(cnn().layers.map((l) => l.name)).toEqual(["conv1", "relu_1", "max_pool2d_1", "conv2d_1", "bn1", "relu_2", "max_pool2d_2", "flatten_1", "dropout_1", "fc1"]);
    expect(() => new Sequential([new ReLU({ name: "a" }), new Tanh({ name: "a" })])).toThrow("two layers are named 'a'");
  });

  it("plans every tensor and output shape without building or allocating; a layer that cannot plan is built", () => {
    const opaque: Layer = { name: "opaque", build: vi.fn((s: Shape) => [...s, 1]), forward: (x) => x, backward: (d) => d, parameters: () => [] };
    const model = new Sequential([new Dense({ units: 3, name: "fc1" }), new BatchNorm({ name: "bn1" }), opaque, new Flatten(), new Dense({ units: 2, name: "fc2", useBias: false })]);
    const bytes = memory().js.bytes;
    expect(model.plan([2 ** 40])).toEqual({
      output: [2], outputs: [[3], [3], [3, 1], [3], [2]],
      tensors: [
        { name: "fc1.weight", shape: [2 ** 40, 3] }, { name: "fc1.bias", shape: [3] }, { name: "bn1.weight", shape: [3] }, { name: "bn1.bias", shape: [3] },
        { name: "bn1.running_mean", shape: [3] }, { name: "bn1.running_var", shape: [3] }, { name: "fc2.weight", shape: [3, 2] },
      ],
    });
    expect(memory().js.bytes).toBe(bytes);
    expect(model.built).toBe(false);
    expect(model.parameters()).toEqual([]);
    expect(opaque.build).toHaveBeenCalledWith([3]);
    const planned = model.plan([4]).tensors;
    model.build([4]);
    expect(model.layers.flatMap((l) => [...l.parameters().map((p) => ({ name: p.name, shape: p.shape })), ...(l.buffers?.() ?? []).map((b) => ({ name: b.name, shape: b.tensor.shape }))])).toEqual(planned);
  });

  it("builds with zeros and draws no random numbers when asked not to initialize", () => {
    const rng = new Rng(3);
    const model = new Sequential([new Dense({ units: 2, rng }), new BatchNorm()]);
    model.build([3], { initialize: false });
    expect([...model.parameters(), ...model.buffers()].map((t) => Array.from("value" in t ? t.value.dataSync() : t.tensor.dataSync()))).toEqual([
      [0, 0, 0, 0, 0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0],
    ]);
    expect(rng.next()).toBe(new Rng(3).next());
  });

  it("summarises shapes and parameter counts as PyTorch counts them", () => {
    const model = cnn();
    const s = model.summary();
    expect(s.rows.map((r) => [r.name, r.type, r.outputShape, r.params])).toEqual([
      ["conv1", "Conv2D", [24, 24, 8], 8 * 1 * 5 * 5 + 8], // nn.Conv2d(1, 8, 5): weight [8, 1, 5, 5] + bias [8] = 208
      ["relu_1", "ReLU", [24, 24, 8], 0],
      ["max_pool2d_1", "MaxPool2D", [12, 12, 8], 0],
      ["conv2d_1", "Conv2D", [8, 8, 16], 16 * 8 * 5 * 5 + 16], // nn.Conv2d(8, 16, 5) = 3216
      ["bn1", "BatchNorm", [8, 8, 16], 2 * 16], // nn.BatchNorm2d(16): weight + bias; running stats are buffers
      ["relu_2", "ReLU", [8, 8, 16], 0],
      ["max_pool2d_2", "MaxPool2D", [4, 4, 16], 0],
      ["flatten_1", "Flatten", [256], 0],
      ["dropout_1", "Dropout", [256], 0],
      ["fc1", "Dense", [10], 10 * 256 + 10], // nn.Linear(256, 10) = 2570
    ]);
    expect(s.totalParams).toBe(208 + 3216 + 32 + 2570);
    expect(s.text).toContain("conv1         Conv2D     [batch, 24, 24, 8]     208");
    expect(s.text.split("\n").at(-1)).toBe("Total params: 6,026");
    let printed = "";
    model.summary({ print: (t) => (printed = t) });
    expect(printed).toBe(s.text);
    expect(model.outputShape).toEqual([10]);
  });

  it("runs forward as the layers in order and backward in reverse", () => {
    const layers = [new Dense({ units: 4, rng: new Rng(2) }), new Tanh(), new Dense({ units: 2, rng: new Rng(3) })];
    const model = new Sequential(layers);
    const x = rnd([3, 5], 4);
    const y = model.forward(x, true);
    const manual = layers.reduce((h: Tensor, l) => l.forward(h, true), x);
    expect(Array.from(y.dataSync())).toEqual(Array.from(manual.dataSync()));
    const dx = Array.from(model.backward(y).dataSync());
    // The same chain by hand, last layer first; values are copied since the layers reuse their buffers.
    const manualDx = layers.reduceRight((g: Tensor, l) => l.backward(g), y);
    expect(manualDx.shape).toEqual([3, 5]);
    expect(dx).toEqual(Array.from(manualDx.dataSync()));
    expect(model.parameters().map((p) => p.name)).toEqual(["dense_1.weight", "dense_1.bias", "dense_2.weight", "dense_2.bias"]);
  });

  it("asked for no input gradient, skips the leading parameterless layers and the first layer's dx, with the same grads", () => {
    const make = () => new Sequential([
      new Reshape({ targetShape: [4, 4, 1] }), new Tanh(), new Conv2D({ filters: 2, kernelSize: 3, rng: new Rng(2) }), new ReLU(),
      new Flatten(), new Dense({ units: 3, rng: new Rng(3) }),
    ]);
    const [x, dy] = [rnd([2, 16], 4), rnd([2, 3], 5)];
    const full = backwardResult(make, x, dy, {});
    const paramsOnly = backwardResult(make, x, dy, { inputGrad: false });
    expect(full.dx?.shape).toEqual([2, 16]);
    expect(paramsOnly.dx).toBeNull();
    expect(full.grads.length).toBe(4);
    expect(paramsOnly.grads).toEqual(full.grads);

    const model = make();
    model.forward(x, true);
    const spies = model.layers.map((l) => vi.spyOn(l, "backward"));
    model.backward(dy, { inputGrad: false });
    expect(spies.map((s) => s.mock.calls.length)).toEqual([0, 0, 1, 1, 1, 1]);
    expect(spies[2].mock.calls[0][1]).toEqual({ inputGrad: false });
  });

  it("asked for no input gradient, runs no backward in a model without parameters", () => {
    const model = new Sequential([new Flatten(), new ReLU()]);
    model.forward(rnd([2, 3, 2], 6), true);
    const spies = model.layers.map((l) => vi.spyOn(l, "backward"));
    expect(model.backward(rnd([2, 6], 7), { inputGrad: false })).toBeNull();
    expect(spies.every((s) => s.mock.calls.length === 0)).toBe(true);
  });

  it("passes gradcheck as a whole: a small CNN with BatchNorm in training mode", () => {
    const result = gradcheck(() => new Sequential([
      new Conv2D({ filters: 3, kernelSize: 3, stride: 2, padding: "same" }), new BatchNorm(), new Tanh(), new MaxPool2D(),
      new Flatten(), new Dense({ units: 3 }),
    ]), rnd([2, 7, 7, 2], 5));
    expect(Object.keys(result.parameters)).toEqual([
      "conv2d_1.weight", "conv2d_1.bias", "batch_norm_1.weight", "batch_norm_1.bias", "dense_1.weight", "dense_1.bias",
    ]);
    assertGradcheck(result);
  });

  it("allocates no tensors in a training step after the first", () => {
    const model = cnn();
    const dy = rnd([4, 10], 6);
    const counts: number[] = [];
    for (let step = 0; step < 4; step++) {
      const x = rnd([4, 28, 28, 1], 10 + step);
      model.forward(x, true);
      model.backward(dy);
      x.dispose();
      counts.push(memory().js.tensors);
    }
    expect(counts[1]).toBe(counts[0]);
    expect(counts[3]).toBe(counts[0]);
  });

  it("reports a misplaced layer at build time with a hint", () => {
    expect(() => new Sequential([new Conv2D({ filters: 8, kernelSize: 5 }), new Dense({ units: 10, name: "fc1" })], { inputShape: [28, 28, 1] })).toThrow(
      "Dense 'fc1' expects samples of shape [features] but got [24, 24, 8]; add Flatten before it",
    );
    const model = new Sequential([new Flatten(), new Dense({ units: 3, name: "fc1" })], { inputShape: [4] });
    expect(() => model.build([5])).toThrow("Sequential 'sequential' expects samples of shape [4]");
    expect(() => model.forward(rnd([2, 5], 7))).toThrow("Flatten 'flatten_1' expects [batch, 4] but got [2, 5]");
  });

  it("owns what forward and backward return: dispose() of one says whose it is, and the model keeps working", () => {
    const model = new Sequential([new Dense({ units: 3, name: "fc1", rng: new Rng(1) }), new ReLU({ name: "act" })], { inputShape: [4] });
    const x = rnd([2, 4], 1);
    const y = model.forward(x, true);
    const values = Array.from(y.dataSync());
    expect(() => y.dispose()).toThrow(
      "Tensor([2, 3], float32, js): this tensor is owned by layer 'act' (its forward output, reused by the next call): copy it with .clone() to keep it; its owner frees it",
    );
    const dx = model.backward(rnd([2, 3], 2));
    expect(() => dx.dispose()).toThrow(/owned by layer 'fc1' \(its input gradient, reused by the next call\)/);
    const kept = model.forward(x, true).clone();
    expect(Array.from(model.forward(x, true).dataSync())).toEqual(values);
    expect(Array.from(kept.dataSync())).toEqual(values);
    kept.dispose();
    // A view (Flatten's output) is owned as well; the model frees everything it owns.
    const flat = new Sequential([new Flatten({ name: "flat" })], { inputShape: [2, 2] });
    expect(() => flat.forward(rnd([1, 2, 2], 3)).dispose()).toThrow(/owned by layer 'flat' \(its forward output/);
    model.dispose();
    flat.dispose();
    expect(y.isDisposed && dx.isDisposed).toBe(true);
  });

  it("rejects an input or gradient that is not a Tensor, saying how to make one", () => {
    const model = new Sequential([new Dense({ units: 2, name: "fc1" })], { inputShape: [3] });
    const call = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e;
      }
      throw new Error("no error");
    };
    const err = call(() => model.forward([1, 2, 3] as never));
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toBe("Sequential.forward expects a Tensor; got an Array: make one with tensor(values, shape)");
    expect(() => model.layers[0].forward(new Float32Array(3) as never, false)).toThrow(
      "Dense.forward expects a Tensor; got a Float32Array: make one with tensor(values, shape)",
    );
    expect(() => model.forward({ data: [1, 2, 3] } as never)).toThrow("Sequential.forward expects a Tensor; got an Object:");
    model.forward(tensor([1, 2, 3], [1, 3]));
    expect(() => model.backward(undefined as never)).toThrow("Sequential.backward expects a Tensor; got undefined:");
    expect(() => model.layers[0].backward(null as never)).toThrow("Dense.backward expects a Tensor; got null:");
  });

  it("accumulates gradients: two half batches, mean loss each, sum to twice the full batch's gradient", () => {
    const f64 = new JsBackend({ dtype: "float64" });
    withBackend(f64, () => {
      // Conv2D and Dense (weights and biases); BatchNorm in inference mode, since in training each half
      // would be normalised by its own statistics and the halves would not add up (as in PyTorch).
      const model = new Sequential([
        new Conv2D({ filters: 3, kernelSize: 3, stride: 2, padding: "same", rng: new Rng(1) }), new BatchNorm(), new ReLU(),
        new Flatten(), new Dense({ units: 4, rng: new Rng(2) }),
      ], { inputShape: [5, 5, 2] });
      const x = randomNormal([6, 5, 5, 2], 0, 1, { rng: new Rng(3), backend: f64 }).dataSync();
      const rows = (from: number, to: number) => tensor(x.subarray(from * 50, to * 50), [to - from, 5, 5, 2]);
      // L = mean over the batch of ½·Σ y², so ∂L/∂y = y / batch.
      const backward = (input: Tensor, training: boolean, opts: { accumulate?: boolean; inputGrad?: false }) => {
        const y = model.forward(input, training);
        model.backward(tensor(Array.from(y.dataSync(), (v) => v / input.shape[0]), y.shape), opts);
      };
      const grads = () => model.parameters().map((p) => Array.from(p.grad.dataSync()));

      backward(rows(0, 6), false, {});
      const full = grads();
      model.zeroGrad();
      expect(grads().every((g) => g.every((v) => v === 0))).toBe(true);
      backward(rows(0, 3), false, { accumulate: true });
      backward(rows(3, 6), false, { accumulate: true, inputGrad: false });
      const halves = grads();
      expect(full.map((g) => g.length)).toEqual([54, 3, 3, 3, 108, 4]);
      halves.forEach((g, i) => g.forEach((v, j) => expect(v / 2).toBeCloseTo(full[i][j], 12)));
      // The default overwrites: the second half alone.
      backward(rows(3, 6), false, {});
      const second = grads();
      model.zeroGrad();
      backward(rows(3, 6), false, { accumulate: true });
      expect(grads()).toEqual(second);
      expect(second).not.toEqual(halves);
    });
  });
});
