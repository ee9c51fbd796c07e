import { Dense, ReLU, Sequential, Sigmoid, Tanh, type Layer } from "@chainrule/layers";
import { SoftmaxCrossEntropy } from "@chainrule/losses";
import { SGD } from "@chainrule/optim";
import { setSeed } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { fit } from "./fit.js";
import type { ActivationFlow, GradFlowSample, WeightFlow } from "./grad-flow.js";
import { blobs } from "./test-support.js";

type Act = () => Layer;

/** depth hidden Dense(32)+activation blocks and a Dense(4) classifier, seeded. */
function deep(act: Act, depth = 8, seed = 11): Sequential {
  setSeed(seed);
  const layers: Layer[] = [];
  for (let i = 1; i <= depth; i++) layers.push(new Dense({ units: 32, name: `fc${i}` }), act());
  layers.push(new Dense({ units: 4, name: "out" }));
  return new Sequential(layers, { inputShape: [10] });
}

const task = blobs(256, { classes: 4, dim: 10 });

async function flow(act: Act, steps = 4): Promise<GradFlowSample[]> {
  const model = deep(act);
  const h = await fit(model, {
    loss: new SoftmaxCrossEntropy(), optimizer: new SGD(model.parameters(), { lr: 0.05 }), data: task.train, epochs: 1, batchSize: 64,
    gradFlow: { every: 2 }, callbacks: [{ onBatchEnd: (l, ctx) => (l.step === steps ? ctx.stop("done") : undefined) }],
  });
  return h.gradFlow;
}

const weights = (s: GradFlowSample) => s.layers.filter((l): l is WeightFlow => l.kind === "weights");

describe("gradient-flow monitor", () => {
  it("samples at the first step and every `every` steps, one row per weight and activation layer in forward order", async () => {
    const samples = await flow(() => new ReLU());
    expect(samples.map((s) => s.step)).toEqual([1, 2, 4]);
    expect(samples[0].layers.map((l) => `${l.layer}:${l.kind}`).slice(0, 4)).toEqual(["fc1:weights", "relu_1:relu", "fc2:weights", "relu_2:relu"]);
    expect(weights(samples[0])).toHaveLength(9);
  });

  it("shows the vanishing gradient of a deep sigmoid net: the first layer's gradient ≥ 10x smaller than the last's", async () => {
    const [s] = await flow(() => new Sigmoid(), 1);
    const w = weights(s);
    expect(w[0].gradNorm * 10).toBeLessThan(w[w.length - 1].gradNorm);
  });

  it("shows the gradient flowing through a deep ReLU net: the first layer's is not 10x smaller", async () => {
    const [s] = await flow(() => new ReLU(), 1);
    const w = weights(s);
    expect(w[0].gradNorm * 10).toBeGreaterThan(w[w.length - 1].gradNorm);
  });

  it("measures norms, dead and saturated fractions as a host computation on the same step does", async () => {
    for (const [act, unit] of [[() => new ReLU(), "relu"], [() => new Tanh(), "tanh"], [() => new Sigmoid(), "sigmoid"]] as const) {
      const [s] = await flow(act, 1);
      // The same model, seed and first batch, run by hand: forward, loss, backward, then read everything.
      const model = deep(act);
      const first = task.train.batches(64, { shuffle: true, seed: 0, epoch: 0 })[Symbol.iterator]().next().value!;
      const loss = new SoftmaxCrossEntropy();
      loss.forward(model.forward(first.x, true), first.y);
      const hidden = model.layers.filter((l, i) => i % 2 === 1).map((l) => Array.from(l.output!.dataSync()));
      model.backward(loss.backward());
      const norm = (a: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((t, v) => t + v * v, 0));
      const dense = model.layers.filter((l) => l instanceof Dense);
      weights(s).forEach((row, i) => {
        const wt = dense[i].parameters()[0];
        expect(row.parameter).toBe(wt.name);
        expect(row.gradNorm).toBeCloseTo(norm(wt.grad.dataSync()), 4);
        expect(row.weightNorm).toBeCloseTo(norm(wt.value.dataSync()), 3);
        expect(row.ratio).toBeCloseTo(row.gradNorm / row.weightNorm, 10);
      });
      const acts = s.layers.filter((l): l is ActivationFlow => l.kind !== "weights");
      expect(acts.every((a) => a.kind === unit)).toBe(true);
      acts.forEach((a, i) => {
        const y = hidden[i];
        const count = unit === "relu" ? y.filter((v) => v === 0).length
          : unit === "tanh" ? y.filter((v) => v <= -0.99 || v >= 0.99).length
            : y.filter((v) => v <= 0.01 || v >= 0.99).length;
        expect(a.fraction).toBeCloseTo(count / y.length, 10);
      });
    }
  });

  it("needs a model that lists its layers", async () => {
    const model = deep(() => new ReLU());
    const bare = { forward: model.forward.bind(model), backward: model.backward.bind(model), parameters: model.parameters.bind(model) };
    await expect(fit(bare, { loss: new SoftmaxCrossEntropy(), optimizer: new SGD(model.parameters()), data: task.train, epochs: 1, batchSize: 64, gradFlow: { every: 1 } }))
      .rejects.toThrow(/lists no `layers`/);
  });
});
