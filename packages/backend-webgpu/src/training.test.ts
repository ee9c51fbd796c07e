// Models trained with the same seed on the JS backend and on WebGPU follow the same loss curve:
// an MLP (Dense, ReLU, Dense; Adam) and a small CNN (Conv2D, ReLU, MaxPool2D, Conv2D with `same`
// padding, Tanh, AvgPool2D, Flatten, Dense; SGD with momentum), from the layers, losses and
// optimizers as a user would write them, so every pass of every kernel they call runs on the GPU.
import { Conv2D, Dense, Flatten, MaxPool2D, AvgPool2D, ReLU, Sequential, Tanh, type Layer } from "@chainrule/layers";
import { SoftmaxCrossEntropy } from "@chainrule/losses";
import { Adam, SGD, type Optimizer } from "@chainrule/optim";
import { JsBackend, Rng, tensor, withBackend, type Backend, type Parameter, type Shape } from "@chainrule/tensor";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebGpuBackend, type WebGpuBackend } from "./create-webgpu-backend.js";

interface Run {
  layers: () => Layer[];
  inputShape: Shape;
  classes: number;
  batch: number;
  steps: number;
  optimizer: (params: Parameter[]) => Optimizer;
}

/** The loss at every step of `run` on `backend`: one fixed batch whose class is its input's largest of the first `classes` values. */
async function lossCurve(backend: Backend, run: Run): Promise<number[]> {
  const rng = new Rng(16);
  const features = run.inputShape.reduce((a, b) => a * b, 1);
  const xs = Array.from({ length: run.batch * features }, () => rng.normal());
  const labels = Array.from({ length: run.batch }, (_, r) => {
    const head = xs.slice(r * features, r * features + run.classes);
    return head.indexOf(Math.max(...head));
  });
  const { model, x, y, optimizer } = withBackend(backend, () => {
    const model = new Sequential(run.layers(), { inputShape: run.inputShape });
    return { model, x: tensor(xs, [run.batch, ...run.inputShape]), y: tensor(labels, [run.batch]), optimizer: run.optimizer(model.parameters()) };
  });
  const ce = new SoftmaxCrossEntropy();
  const losses: number[] = [];
  for (let step = 0; step < run.steps; step++) {
    const loss = ce.forward(model.forward(x, true), y);
    model.backward(ce.backward(), { inputGrad: false });
    optimizer.step();
    losses.push((await loss.data())[0]);
  }
  return losses;
}

const MLP: Run = {
  layers: () => [new Dense({ units: 24, rng: new Rng(1) }), new ReLU(), new Dense({ units: 5, rng: new Rng(2) })],
  inputShape: [12],
  classes: 5,
  batch: 16,
  steps: 60,
  optimizer: (params) => new Adam(params, { lr: 0.01 }),
};

const CNN: Run = {
  layers: () => [
    new Conv2D({ filters: 4, kernelSize: 3, rng: new Rng(3) }), new ReLU(), new MaxPool2D({ poolSize: 2 }),
    new Conv2D({ filters: 6, kernelSize: 3, padding: "same", rng: new Rng(4) }), new Tanh(), new AvgPool2D({ poolSize: 2 }),
    new Flatten(), new Dense({ units: 3, rng: new Rng(5) }),
  ],
  inputShape: [10, 10, 2],
  classes: 3,
  batch: 6,
  steps: 30,
  optimizer: (params) => new SGD(params, { lr: 0.05, momentum: 0.9 }),
};

describe("training on WebGPU", () => {
  let gpu: WebGpuBackend;
  beforeAll(async () => {
    gpu = await createWebGpuBackend();
  });
  afterAll(() => gpu.dispose());

  it("an MLP with Adam follows the JS backend's loss curve", async () => {
    const js = await lossCurve(new JsBackend(), MLP);
    const webgpu = await lossCurve(gpu, MLP);
    expect(js[MLP.steps - 1]).toBeLessThan(0.3 * js[0]); // it learns
    // measured on lavapipe: 6e-8 apart relative at the first step, growing to 2.6e-5 by the time the loss
    // has fallen 200-fold (float32 rounding, compounded by Adam's division by sqrt(v)); a wrong kernel is off by far more
    webgpu.forEach((loss, step) => expect(Math.abs(loss - js[step])).toBeLessThan(1e-4 * js[step]));
  });

  it("a CNN with SGD and momentum follows the JS backend's loss curve", async () => {
    const js = await lossCurve(new JsBackend(), CNN);
    const webgpu = await lossCurve(gpu, CNN);
    expect(js[CNN.steps - 1]).toBeLessThan(0.5 * js[0]);
    // measured on lavapipe: at most 3.8e-6 apart relative (the loss falls 60-fold)
    webgpu.forEach((loss, step) => expect(Math.abs(loss - js[step])).toBeLessThan(3e-5 * js[step]));
  });
});
