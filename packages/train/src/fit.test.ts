import { Dense, NonFiniteInputError, ReLU, Sequential } from "@chainrule/layers";
import { SoftmaxCrossEntropy, TargetError } from "@chainrule/losses";
import { Adam, SGD } from "@chainrule/optim";
import { arrayDataset } from "./dataset.js";
import { setSeed } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import type { BatchLog } from "./callback.js";
import { checkpointBest } from "./checkpoint.js";
import { earlyStopping } from "./early-stopping.js";
import { evaluate } from "./evaluate.js";
import { fit } from "./fit.js";
import { NonFiniteError } from "./non-finite-error.js";
import { blobs } from "./test-support.js";

function mlp(seed = 3): Sequential {
  setSeed(seed);
  return new Sequential([new Dense({ units: 16, name: "fc1" }), new ReLU(), new Dense({ units: 3, name: "fc2" })], { inputShape: [2] });
}

describe("fit", () => {
  const task = blobs(300);

  it("learns a separable task: the loss falls and validation accuracy rises", async () => {
    const model = mlp();
    const loss = new SoftmaxCrossEntropy();
    const before = await evaluate(model, task.validation, { loss });
    const h = await fit(model, { loss, optimizer: new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 }), data: task.train, validation: task.validation, epochs: 8, batchSize: 32, seed: 1 });
    expect(h.epochs).toHaveLength(8);
    expect(h.steps).toBe(8 * Math.ceil(300 / 32));
    const last = h.epochs[7];
    expect(last.loss).toBeLessThan(h.epochs[0].loss / 3);
    expect(last.valAccuracy).toBeGreaterThan(0.97);
    expect(before.accuracy).toBeLessThan(0.8);
    // The epoch log's validation numbers are those evaluate gives for the trained model.
    const after = await evaluate(model, task.validation, { loss });
    expect(last.valLoss).toBeCloseTo(after.loss, 6);
    expect(last.valAccuracy).toBe(after.accuracy);
    expect(h.validation?.confusion?.counts).toEqual(after.confusion?.counts);
  });

  it("reports each batch's loss and accuracy as measured on the host, and epoch means weighted by batch size", async () => {
    const model = mlp();
    const loss = new SoftmaxCrossEntropy();
    const logs: BatchLog[] = [];
    const host: { loss: number; acc: number }[] = [];
    // Recompute every batch independently: same model state, read logits, float64 softmax CE on the host.
    const data = task.train;
    const probe = {
      size: data.size,
      *batches(bs: number, o: object) {
        for (const b of data.batches(bs, o)) {
          const logits = model.forward(b.x, false).dataSync();
          const labels = b.y.dataSync();
          let l = 0, right = 0;
          for (let i = 0; i < b.size; i++) {
            const row = Array.from(logits.subarray(i * 3, i * 3 + 3));
            const m = Math.max(...row);
            const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
            l += lse - row[labels[i]];
            if (row.indexOf(m) === labels[i]) right++;
          }
          host.push({ loss: l / b.size, acc: right / b.size });
          yield b;
        }
      },
    };
    const h = await fit(model, { loss, optimizer: new SGD(model.parameters(), { lr: 0.05 }), data: probe, epochs: 2, batchSize: 64, callbacks: [{ onBatchEnd: (l) => void logs.push(l) }] });
    expect(logs).toHaveLength(h.steps);
    logs.forEach((l, i) => {
      expect(l.loss).toBeCloseTo(host[i].loss, 5);
      expect(l.accuracy).toBeCloseTo(host[i].acc, 6);
      expect(l.step).toBe(i + 1);
    });
    const first = logs.filter((l) => l.epoch === 0);
    expect(first.map((l) => l.size)).toEqual([64, 64, 64, 64, 44]);
    expect(first[first.length - 1].seen).toBe(300);
    const weighted = first.reduce((s, l) => s + l.loss * l.size, 0) / 300;
    expect(h.epochs[0].loss).toBeCloseTo(weighted, 6);
    expect(h.epochs[0].accuracy).toBeCloseTo(first.reduce((s, l) => s + (l.accuracy as number) * l.size, 0) / 300, 6);
  });

  it("sets the learning rate of every step from the schedule", async () => {
    const model = mlp();
    const opt = new SGD(model.parameters(), { lr: 1 });
    const lrs: number[] = [];
    await fit(model, { loss: new SoftmaxCrossEntropy(), optimizer: opt, data: task.train, epochs: 2, batchSize: 100, schedule: (s) => 0.1 / (1 + s), callbacks: [{ onBatchEnd: (l) => void lrs.push(l.lr) }] });
    expect(lrs).toEqual([0, 1, 2, 3, 4, 5].map((s) => 0.1 / (1 + s)));
    expect(opt.lr).toBeCloseTo(0.1 / 6, 12);
  });

  it("repeats exactly with the same seeds", async () => {
    const run = async () => {
      const model = mlp(5);
      const h = await fit(model, { loss: new SoftmaxCrossEntropy(), optimizer: new SGD(model.parameters(), { lr: 0.1 }), data: task.train, epochs: 2, batchSize: 32, seed: 9 });
      return h.epochs.map((e) => e.loss);
    };
    expect(await run()).toEqual(await run());
  });

  it("stops early when validation loss stops improving, and checkpoints only improvements", async () => {
    const model = mlp();
    const saved: number[] = [];
    // lr 0: the weights never move, so validation loss never improves after the first epoch.
    const h = await fit(model, {
      loss: new SoftmaxCrossEntropy(), optimizer: new SGD(model.parameters(), { lr: 0 }), data: task.train, validation: task.validation,
      epochs: 10, batchSize: 100, callbacks: [earlyStopping({ patience: 2 }), checkpointBest({ save: (_m, log) => void saved.push(log.epoch) })],
    });
    expect(h.epochs).toHaveLength(3);
    expect(h.stopReason).toMatch(/valLoss did not improve for 2 epochs/);
    expect(saved).toEqual([0]);
  });

  it("checkpoints every epoch that beats the best so far", async () => {
    const model = mlp();
    const saved: number[] = [];
    const h = await fit(model, {
      loss: new SoftmaxCrossEntropy(), optimizer: new SGD(model.parameters(), { lr: 0.05 }), data: task.train, validation: task.validation,
      epochs: 4, batchSize: 32, callbacks: [checkpointBest({ monitor: "valLoss", save: (_m, log) => void saved.push(log.epoch) })],
    });
    let best = Infinity;
    const expected = h.epochs.filter((e) => (e.valLoss as number) < best && ((best = e.valLoss as number), true)).map((e) => e.epoch);
    expect(saved).toEqual(expected);
    expect(saved.length).toBeGreaterThan(1);
  });

  it("stops mid-epoch when a callback asks from onBatchEnd, after the step already under way", async () => {
    const model = mlp();
    const seen: number[] = [];
    const h = await fit(model, {
      loss: new SoftmaxCrossEntropy(), optimizer: new SGD(model.parameters(), { lr: 0.05 }), data: task.train, epochs: 5, batchSize: 32,
      callbacks: [{ onBatchEnd: (l, ctx) => (seen.push(l.step), l.step === 3 ? ctx.stop("enough") : undefined) }],
    });
    // Step 4 was computing while step 3's log was handled: it trains and is reported too.
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(h.steps).toBe(4);
    expect(h.epochs).toHaveLength(1);
    expect(h.stopReason).toBe("enough");
  });

  it("stops at a step count given ahead with no step past it, logging the epoch it ends in", async () => {
    const model = mlp();
    const seen: number[] = [];
    const h = await fit(model, {
      loss: new SoftmaxCrossEntropy(), optimizer: new SGD(model.parameters(), { lr: 0.05 }), data: task.train, epochs: 5, batchSize: 100, steps: 7,
      callbacks: [{ onBatchEnd: (l) => void seen.push(l.step) }],
    });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect([h.steps, h.epochs.length, h.epochs[2].samples, h.stopReason]).toEqual([7, 3, 100, null]);
    await expect(fit(model, { loss: new SoftmaxCrossEntropy(), optimizer: new SGD(model.parameters()), data: task.train, epochs: 1, batchSize: 8, steps: 0 }))
      .rejects.toThrow("fit: steps must be a positive integer, got 0");
  });

  it("stops with a NonFiniteError naming step, loss, learning rate and layer when the learning rate is huge", async () => {
    const model = mlp();
    const err = await fit(model, { loss: new SoftmaxCrossEntropy(), optimizer: new SGD(model.parameters(), { lr: 1e4 }), data: task.train, epochs: 5, batchSize: 32 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonFiniteError);
    const e = err as NonFiniteError;
    expect(e.details.step).toBeGreaterThan(1);
    expect(e.details.learningRate).toBe(1e4);
    expect(e.details.layer).toBe("fc1");
    expect(e.diverged).toBe(true);
    expect(e.message).toMatch(/step \d+ .*learning rate 10000.*layer 'fc1'.*learning rate is likely too high/);
  });

  it("stops at step 1 naming the input row that holds NaN", async () => {
    const model = mlp();
    const x = new Float32Array(20).fill(1);
    x[3] = NaN;
    const data = arrayDataset({ x, sampleShape: [2], y: new Float32Array(10) });
    const err = await fit(model, { loss: new SoftmaxCrossEntropy(), optimizer: new SGD(model.parameters(), { lr: 0.1 }), data, epochs: 1, batchSize: 10, shuffle: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonFiniteInputError);
    expect(err).toMatchObject({ rows: [1], element: 1 });
    expect((err as Error).message).toBe(
      "training step 1, epoch 0: input row 1 holds NaN at element 1, so the model's output for it is not finite; clean or drop that input",
    );
  });

  it.each([1.5, -1, 3, NaN])("stops at the first step naming the batch position of the class index %s", async (bad) => {
    const model = mlp();
    const y = new Float32Array(10);
    y[6] = bad;
    const data = arrayDataset({ x: new Float32Array(20).fill(0.5), sampleShape: [2], y });
    const err = await fit(model, { loss: new SoftmaxCrossEntropy(), optimizer: new SGD(model.parameters(), { lr: 0.1 }), data, epochs: 1, batchSize: 10, shuffle: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TargetError);
    expect((err as Error).message).toMatch(new RegExp(`^softmaxCrossEntropy: target ${bad} at batch position 6 \\(training step 1, epoch 0\\) is not a class index`));
  });

  it("rejects bad options", async () => {
    const model = mlp();
    const base = { loss: new SoftmaxCrossEntropy(), optimizer: new SGD(model.parameters()), data: task.train, epochs: 1, batchSize: 8 };
    await expect(fit(model, { ...base, epochs: 0 })).rejects.toThrow(/epochs must be a positive integer, got 0/);
    await expect(fit(model, { ...base, batchSize: 2.5 })).rejects.toThrow("fit: batchSize must be a positive integer, got 2.5");
  });

  it("explains an optimizer made from a model that is not built yet", () => {
    const unbuilt = new Sequential([new Dense({ units: 3 })]);
    expect(() => new Adam(unbuilt.parameters())).toThrow(
      "Adam: the parameter list is empty. If you passed model.parameters(), the model has no parameters yet: " +
        "build it first (give Sequential an inputShape, or call model.build(shape)) before creating the optimizer",
    );
    unbuilt.build([2]);
    expect(new Adam(unbuilt.parameters()).params).toHaveLength(2);
  });
});
