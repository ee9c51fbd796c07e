// The PyTorch fixtures (fixtures/pytorch, format in its README) on WebGPU in the browser: every layer
// case's forward and backward pass, every loss and its gradient, three steps of every optimizer,
// against PyTorch's numbers. In Node the packages' own fixture tests run them on WebGPU
// (fixtures/pytorch/backends.ts), but they read the files with node:fs, which a page has not; here
// the fixtures come in through Vite's import.meta.glob. Each result is read asynchronously, its read
// queued right after the kernels that wrote it.
import { AvgPool2D, BatchNorm, Conv2D, Dense, MaxPool2D, type BatchNormOptions, type Conv2DOptions, type DenseOptions, type Layer, type Pool2DOptions } from "@chainrule/layers";
import { BinaryCrossEntropy, MeanSquaredError, SoftmaxCrossEntropy, type Loss } from "@chainrule/losses";
import { Adam, AdamW, RMSProp, SGD, type AdamOptions, type Optimizer, type RmspropOptions, type SgdOptions } from "@chainrule/optim";
import { Parameter, tensor, withBackend, type FloatArray } from "@chainrule/tensor";
import { expectClose, type Tolerance } from "@chainrule/backend-conformance";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { Fixture } from "../../../fixtures/pytorch/fixture.js";
import { createWebGpuBackend, type WebGpuBackend } from "../src/index.js";

/**
 * About |a − e| ≤ 1e-5·(1 + |e|) (the conformance suite's form, {@link Tolerance}): the JS and WASM
 * backends' fixture tolerance. The worst |a − e| / (1 + |e|) measured over every case was 7.8e-7
 * (conv2d stride1_valid, y) both on lavapipe and on SwiftShader, as on WASM; a wrong kernel is off by O(1).
 */
const TOL: Tolerance = { rtol: 1e-5, atol: 1e-5 };

/** Every fixture file by group, read when the test loads, so a new case is checked here too. */
const FILES = import.meta.glob<Fixture>("../../../fixtures/pytorch/*/*.json", { eager: true, import: "default" });
const casesOf = (group: string): Fixture[] =>
  Object.entries(FILES).filter(([path]) => path.includes(`/${group}/`)).map(([, fixture]) => fixture);

/** How to make each layer, and which fixture tensors hold its parameters (value, gradient) and state, in `parameters()` and `buffers()` order. */
const LAYERS: Record<string, { make: (config: Fixture["config"]) => Layer; params: [string, string][]; buffers: string[] }> = {
  dense: { make: (c) => new Dense(c as unknown as DenseOptions), params: [["weight", "dweight"], ["bias", "dbias"]], buffers: [] },
  conv2d: { make: (c) => new Conv2D(c as unknown as Conv2DOptions), params: [["weight", "dweight"], ["bias", "dbias"]], buffers: [] },
  maxpool2d: { make: (c) => new MaxPool2D(c as Pool2DOptions), params: [], buffers: [] },
  avgpool2d: { make: (c) => new AvgPool2D(c as Pool2DOptions), params: [], buffers: [] },
  batchnorm: { make: (c) => new BatchNorm(c as BatchNormOptions), params: [["gamma", "dgamma"], ["beta", "dbeta"]], buffers: ["running_mean", "running_var"] },
};

/** The loss of a `losses` case, by its name. */
function lossFor(name: string, config: Fixture["config"]): Loss {
  if (name === "mse") return new MeanSquaredError();
  if (name === "bce_logits") return new BinaryCrossEntropy();
  if (name.startsWith("softmax_ce")) return new SoftmaxCrossEntropy({ labelSmoothing: config.labelSmoothing as number });
  throw new Error(`pytorch-fixtures: no loss for the case losses/${name}`);
}

/** The optimizer of an `optim` case, by its name (adamw before adam: one name starts the other). */
function optimizerFor(name: string, config: Fixture["config"], params: Parameter[]): Optimizer {
  if (name.startsWith("sgd")) return new SGD(params, config as SgdOptions);
  if (name.startsWith("adamw")) return new AdamW(params, config as AdamOptions);
  if (name.startsWith("adam")) return new Adam(params, config as AdamOptions);
  if (name.startsWith("rmsprop")) return new RMSProp(params, config as RmspropOptions);
  throw new Error(`pytorch-fixtures: no optimizer for the case optim/${name}`);
}

/** A read, the values it must equal and what they are. */
type Check = [read: Promise<FloatArray>, expected: ArrayLike<number>, label: string];

async function expectAllClose(checks: Check[]): Promise<void> {
  for (const [read, expected, label] of checks) expectClose(await read, expected, TOL, label);
}

describe("PyTorch fixtures on WebGPU", () => {
  let gpu: WebGpuBackend;
  beforeAll(async () => {
    gpu = await createWebGpuBackend();
  });
  afterAll(() => gpu.dispose());

  for (const [group, spec] of Object.entries(LAYERS)) {
    it.each(casesOf(group))(`${group} $case: forward, backward, parameter gradients, running statistics`, async ({ config, tensors: t }) => {
      const checks = withBackend(gpu, (): Check[] => {
        const layer = spec.make(config);
        layer.build(t.x.shape.slice(1));
        const params = spec.params.filter(([value]) => t[value]);
        layer.parameters().forEach((p, i) => gpu.write(p.value.dataId, t[params[i][0]].data));
        layer.buffers?.().forEach((b, i) => gpu.write(b.tensor.dataId, t[spec.buffers[i]].data));
        const y = layer.forward(tensor(t.x.data, t.x.shape), (config.training as boolean | undefined) ?? true).data();
        const dx = layer.backward(tensor(t.dy.data, t.dy.shape)).data();
        return [
          [y, t.y.data, "y"],
          [dx, t.dx.data, "dx"],
          ...layer.parameters().map((p, i): Check => [p.grad.data(), t[params[i][1]].data, params[i][1]]),
          ...(layer.buffers?.() ?? []).map((b, i): Check => [b.tensor.data(), t[`${spec.buffers[i]}_after`].data, `${spec.buffers[i]}_after`]),
        ];
      });
      await expectAllClose(checks);
    });
  }

  it.each(casesOf("losses"))("losses $case: the loss and its gradient", async ({ case: name, config, tensors: t }) => {
    const [input, grad] = t.pred ? [t.pred, t.dpred] : [t.logits, t.dlogits];
    const checks = withBackend(gpu, (): Check[] => {
      const loss = lossFor(name, config);
      const value = loss.forward(tensor(input.data, input.shape), tensor(t.target.data, t.target.shape)).data();
      return [[value, t.loss.data, "loss"], [loss.backward().data(), grad.data, "gradient"]];
    });
    await expectAllClose(checks);
  });

  it.each(casesOf("optim"))("optim $case: the parameter after each of three steps", async ({ case: name, config, tensors: t }) => {
    const checks = withBackend(gpu, (): Check[] => {
      const p = Parameter.fromValues("p", t.param.shape, t.param.data);
      const optimizer = optimizerFor(name, config, [p]);
      return [1, 2, 3].map((step): Check => {
        gpu.write(p.grad.dataId, t[`grad_${step - 1}`].data);
        optimizer.step();
        return [p.value.data(), t[`param_after_${step}`].data, `param after step ${step}`];
      });
    });
    await expectAllClose(checks);
  });
});
