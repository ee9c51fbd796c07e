import { Dense, ReLU, Sequential } from "@chainrule/layers";
import { SoftmaxCrossEntropy } from "@chainrule/losses";
import { SGD } from "@chainrule/optim";
import { JsBackend, setSeed } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { arrayDataset, epochOrder, type Batch, type BatchOptions, type Dataset } from "./dataset.js";
import { evaluate } from "./evaluate.js";
import { fit } from "./fit.js";
import { Trainer, type StepLog, type TrainerOptions } from "./trainer.js";
import { blobs } from "./test-support.js";

function mlp(seed = 3): Sequential {
  setSeed(seed);
  return new Sequential([new Dense({ units: 16, name: "fc1" }), new ReLU(), new Dense({ units: 3, name: "fc2" })], { inputShape: [2] });
}

/** Sample i is [i, 0] with label i % 3: the first input column shows which samples a batch held. */
function numbered(n: number): Dataset {
  return arrayDataset({ x: Float32Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? k / 2 : 0)), sampleShape: [2], y: Float32Array.from({ length: n }, (_, i) => i % 3) });
}

/** Wraps a dataset to record, per batches() call, its options and the sample numbers of every batch it yields. */
function recording(data: Dataset): { data: Dataset; epochs: { opts: BatchOptions | undefined; samples: number[] }[] } {
  const epochs: { opts: BatchOptions | undefined; samples: number[] }[] = [];
  return {
    epochs,
    data: {
      size: data.size,
      *batches(batchSize, opts) {
        const seen = { opts, samples: [] as number[] };
        epochs.push(seen);
        for (const b of data.batches(batchSize, opts)) {
          const xs = b.x.dataSync();
          for (let i = 0; i < b.size; i++) seen.samples.push(xs[2 * i]);
          yield b;
        }
      },
    },
  };
}

const options = (model: Sequential, data: Dataset, extra: Partial<TrainerOptions> = {}): TrainerOptions => ({
  loss: new SoftmaxCrossEntropy(), optimizer: new SGD(model.parameters(), { lr: 0.05 }), data, batchSize: 4, seed: 7, ...extra,
});

describe("Trainer", () => {
  it("does not count a step that bad data stopped", async () => {
    const model = mlp();
    const data = arrayDataset({ x: new Float32Array(8).fill(0.5), sampleShape: [2], y: [0, 1, 7, 2] });
    const trainer = new Trainer(model, options(model, data, { shuffle: false }));
    const weights = () => model.parameters().map((p) => Array.from(p.value.dataSync()));
    const before = weights();
    await expect(trainer.step()).rejects.toThrow(/target 7 at batch position 2 \(training step 1, epoch 0\)/);
    expect(trainer.steps).toBe(0);
    expect(weights()).toEqual(before); // step() checks before it updates
    trainer.dispose();
  });

  it("refuses to step a model moved to another backend after it was made", async () => {
    const model = mlp();
    const trainer = new Trainer(model, options(model, numbered(10)));
    await trainer.step();
    await model.to(new JsBackend({ dtype: "float64" }));
    await expect(trainer.step()).rejects.toThrow(
      "Trainer: the model moved to the js-f64 backend after this trainer was made on js; train it there with a new Trainer (or fit) and data on that backend",
    );
    trainer.dispose();
  });

  it("takes one batch per step, keeping its place in the epoch and rolling into the next epoch", async () => {
    const model = mlp();
    const rec = recording(numbered(10));
    const trainer = new Trainer(model, options(model, rec.data));
    expect([trainer.steps, trainer.epoch, trainer.stepInEpoch, trainer.epochDone, trainer.stepsPerEpoch]).toEqual([0, 0, 0, false, 3]);
    const logs: StepLog[] = [];
    const places: [number, number, boolean][] = [];
    for (let i = 0; i < 7; i++) {
      logs.push(await trainer.step());
      places.push([trainer.epoch, trainer.stepInEpoch, trainer.epochDone]);
    }
    expect(places).toEqual([[0, 1, false], [0, 2, false], [0, 3, true], [1, 1, false], [1, 2, false], [1, 3, true], [2, 1, false]]);
    expect(logs.map((l) => [l.step, l.epoch, l.batch, l.size, l.seen])).toEqual([
      [1, 0, 0, 4, 4], [2, 0, 1, 4, 8], [3, 0, 2, 2, 10], [4, 1, 0, 4, 4], [5, 1, 1, 4, 8], [6, 1, 2, 2, 10], [7, 2, 0, 4, 4],
    ]);
    // Each epoch walks the order of (seed, epoch), every sample once, as fit always has.
    expect(rec.epochs.map((e) => e.opts)).toEqual([0, 1, 2].map((epoch) => ({ shuffle: true, seed: 7, epoch })));
    expect(rec.epochs[0].samples).toEqual(Array.from(epochOrder(10, 7, 0)));
    expect(rec.epochs[1].samples).toEqual(Array.from(epochOrder(10, 7, 1)));
    // The third epoch's first batch was trained on, and its second drawn ahead to know the epoch goes on.
    expect(rec.epochs[2].samples).toEqual(Array.from(epochOrder(10, 7, 2)).slice(0, 8));
    trainer.dispose();
  });

  it("gives the losses fit gives, however long it pauses between steps and whatever it evaluates there", async () => {
    const task = blobs(40);
    const fitted: number[] = [];
    const a = mlp(5);
    await fit(a, { ...options(a, task.train, { batchSize: 16 }), epochs: 3, callbacks: [{ onBatchEnd: (l) => void fitted.push(l.loss) }] });

    const b = mlp(5);
    const trainer = new Trainer(b, options(b, task.train, { batchSize: 16 }));
    const stepped: number[] = [];
    while (trainer.steps < 9) {
      stepped.push((await trainer.step()).loss);
      await new Promise((resolve) => setTimeout(resolve, 1));
      // Inference on another dataset between steps (what a UI does while paused) leaves training as it was.
      await evaluate(b, task.validation, { loss: new SoftmaxCrossEntropy(), batchSize: 16 });
    }
    trainer.dispose();
    expect(fitted).toHaveLength(9);
    expect(stepped).toEqual(fitted);
  });

  it("keeps the epoch's loss and accuracy so far, weighted by batch size, until the next epoch's first step", async () => {
    const model = mlp();
    const trainer = new Trainer(model, options(model, numbered(10)));
    expect(trainer.epochStats).toEqual({ loss: NaN, accuracy: null, samples: 0 });
    const logs = [await trainer.step(), await trainer.step()];
    const mean = (f: (l: StepLog) => number) => logs.reduce((s, l) => s + f(l) * l.size, 0) / logs.reduce((s, l) => s + l.size, 0);
    expect(trainer.epochStats.samples).toBe(8);
    expect(trainer.epochStats.loss).toBeCloseTo(mean((l) => l.loss), 12);
    logs.push(await trainer.step());
    expect(trainer.epochDone).toBe(true);
    expect(trainer.epochStats.samples).toBe(10);
    expect(trainer.epochStats.loss).toBeCloseTo(mean((l) => l.loss), 12);
    expect(trainer.epochStats.accuracy).toBeCloseTo(mean((l) => l.accuracy as number), 12);
    const next = await trainer.step();
    expect(trainer.epochStats.samples).toBe(4);
    expect(trainer.epochStats.loss).toBeCloseTo(next.loss, 12);
    trainer.dispose();
  });

  it("sets the learning rate from the schedule by the step's index over the whole run, and samples the gradient flow", async () => {
    const model = mlp();
    const trainer = new Trainer(model, options(model, numbered(10), { schedule: (s) => 0.1 / (1 + s), gradFlow: { every: 2 } }));
    const logs: StepLog[] = [];
    for (let i = 0; i < 5; i++) logs.push(await trainer.step());
    expect(logs.map((l) => l.lr)).toEqual([0, 1, 2, 3, 4].map((s) => 0.1 / (1 + s)));
    expect(logs.map((l) => l.gradFlow?.step ?? null)).toEqual([1, 2, null, 4, null]);
    expect(logs[3].gradFlow?.epoch).toBe(1);
    expect(logs[0].gradFlow?.layers.map((f) => f.layer)).toEqual(["fc1", "relu_1", "fc2"]);
    trainer.dispose();
  });

  it("ends an epoch where the dataset's batches end, for a dataset that drops its short last batch", async () => {
    const model = mlp();
    const base = numbered(10);
    const dropLast: Dataset = {
      size: 10,
      *batches(batchSize, opts) {
        for (const b of base.batches(batchSize, opts)) if (b.size === batchSize) yield b;
      },
    };
    const trainer = new Trainer(model, options(model, dropLast));
    const logs = [await trainer.step(), await trainer.step()];
    expect(trainer.epochDone).toBe(true);
    expect(trainer.epochStats.samples).toBe(8);
    logs.push(await trainer.step());
    expect(logs.map((l) => [l.epoch, l.batch])).toEqual([[0, 0], [0, 1], [1, 0]]);
    trainer.dispose();
  });

  it("closes the epoch's batch iterator on dispose, and refuses to step after it or during a step", async () => {
    const model = mlp();
    const base = numbered(10);
    let closed = 0;
    const data: Dataset = {
      size: 10,
      *batches(batchSize, opts): Generator<Batch> {
        try {
          yield* base.batches(batchSize, opts);
        } finally {
          closed++;
        }
      },
    };
    const trainer = new Trainer(model, options(model, data));
    await trainer.step();
    const running = trainer.step();
    await expect(trainer.step()).rejects.toThrow("Trainer: step() called while the previous step is still running; await each step");
    await running;
    expect(closed).toBe(0);
    trainer.dispose();
    expect(closed).toBe(1);
    await expect(trainer.step()).rejects.toThrow("Trainer: step() after dispose()");
  });

  it("rejects bad options and a dataset with no batches", async () => {
    const model = mlp();
    expect(() => new Trainer(model, options(model, numbered(10), { batchSize: 0 }))).toThrow("Trainer: batchSize must be a positive integer, got 0");
    expect(() => new Trainer(model, options(model, numbered(10), { gradFlow: { every: 1.5 } }))).toThrow("Trainer: gradFlow.every must be a positive integer, got 1.5");
    expect(() => new Trainer(model, options(model, { size: 0, batches: () => [] }))).toThrow("Trainer: the training dataset is empty");
    const trainer = new Trainer(model, options(model, { size: 3, batches: () => [] }));
    await expect(trainer.step()).rejects.toThrow("Trainer: the dataset yielded no batch in epoch 0");
    trainer.dispose();
  });
});
