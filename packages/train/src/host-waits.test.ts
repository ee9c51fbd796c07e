import { Dense, NonFiniteInputError, ReLU, Sequential } from "@chainrule/layers";
import { SoftmaxCrossEntropy, TargetError } from "@chainrule/losses";
import { SGD } from "@chainrule/optim";
import { JsBackend, setSeed, withBackend, type Backend, type DataId, type FloatArray } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { arrayDataset, type Dataset } from "./dataset.js";
import { fit } from "./fit.js";
import { blobs } from "./test-support.js";
import { Trainer, type StepLog } from "./trainer.js";

/** A promise that tells when someone first waits on it (`await` calls `then`). */
class WatchedPromise<T> extends Promise<T> {
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }
  onWait: (() => void) | null = null;
  override then<A = T, B = never>(ok?: ((v: T) => A | PromiseLike<A>) | null, fail?: ((e: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    const wait = this.onWait;
    this.onWait = null;
    wait?.();
    return super.then(ok, fail);
  }
}

/**
 * Reads as a GPU backend does: asynchronously, answered a macrotask later with the storage as it is
 * then (so a buffer overwritten before its read was answered shows), and no readSync. For each read
 * the host waits on, it records how many matmuls (the forward of a next step) were queued between
 * asking for the read and waiting on it: 0 is a point where the device would have run dry.
 */
class AsyncReadBackend extends JsBackend {
  private matmuls = 0;
  readonly queuedBeforeWait: number[] = [];

  constructor() {
    super();
    Object.defineProperty(this, "readSync", { value: undefined });
  }

  override matmul(...args: Parameters<JsBackend["matmul"]>): void {
    this.matmuls++;
    super.matmul(...args);
  }

  override read(id: DataId): Promise<FloatArray> {
    const asked = this.matmuls;
    const read = new WatchedPromise<FloatArray>((resolve, reject) => {
      setTimeout(() => {
        try {
          resolve(JsBackend.prototype.readSync.call(this, id));
        } catch (e) {
          reject(e);
        }
      }, 0);
    });
    read.onWait = () => this.queuedBeforeWait.push(this.matmuls - asked);
    return read;
  }

  /** Waits on reads that found nothing queued behind them. */
  get drains(): number {
    return this.queuedBeforeWait.filter((n) => n === 0).length;
  }
}

const task = blobs(60); // 60 training samples: 4 batches of 16 (the last of 12) an epoch

function mlp(backend: Backend): Sequential {
  setSeed(4);
  return withBackend(backend, () => new Sequential([new Dense({ units: 8 }), new ReLU(), new Dense({ units: 3 })], { inputShape: [2] }));
}

const weightsOf = (model: Sequential): Promise<number[][]> => Promise.all(model.parameters().map(async (p) => Array.from(await p.value.data())));
const dataOn = (backend: Backend, y: ArrayLike<number> = task.y, x: ArrayLike<number> = task.x): Dataset => arrayDataset({ x, sampleShape: [2], y, backend });
const schedule = (s: number) => 0.1 / (1 + s / 4);

/**
 * The loop as it was before steps overlapped, written out: forward, loss, backward, wait for the
 * loss, then the update. Returns each step's loss and the final weights.
 */
async function waitingLoop(backend: Backend, epochs: number): Promise<{ losses: number[]; weights: number[][] }> {
  const model = mlp(backend);
  const loss = new SoftmaxCrossEntropy();
  const opt = new SGD(model.parameters(), { momentum: 0.9 });
  const data = dataOn(backend);
  const losses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const { x, y } of data.batches(16, { shuffle: true, seed: 3, epoch })) {
      opt.lr = schedule(losses.length);
      const value = loss.forward(model.forward(x, true), y);
      model.backward(loss.backward(), { inputGrad: false });
      losses.push((await value.data())[0]);
      opt.step();
    }
  }
  return { losses, weights: await weightsOf(model) };
}

describe("steps overlapping the host's reads", () => {
  it("fit waits on step t's statistics only once step t + 1 is queued, flushing each epoch's last step, and trains the same run", async () => {
    const backend = new AsyncReadBackend();
    const model = mlp(backend);
    const logs: StepLog[] = [];
    const h = await fit(model, {
      loss: new SoftmaxCrossEntropy(), optimizer: new SGD(model.parameters(), { momentum: 0.9 }), data: dataOn(backend),
      epochs: 3, batchSize: 16, seed: 3, schedule, gradFlow: { every: 2 }, callbacks: [{ onBatchEnd: (l) => void logs.push({ ...l, gradFlow: null }) }],
    });
    expect(h.steps).toBe(12);
    expect(backend.queuedBeforeWait).toHaveLength(12); // one read per step, each waited on once
    expect(backend.drains).toBe(3); // the last step of each epoch, before its epoch log
    expect(h.gradFlow.map((g) => g.step)).toEqual([1, 2, 4, 6, 8, 10, 12]);

    const reference = await waitingLoop(new JsBackend(), 3);
    expect(logs.map((l) => l.loss)).toEqual(reference.losses);
    expect(logs.map((l) => [l.epoch, l.batch, l.step])).toEqual(Array.from({ length: 12 }, (_, i) => [Math.floor(i / 4), i % 4, i + 1]));
    expect(await weightsOf(model)).toEqual(reference.weights);
    const epochLoss = (e: number) => logs.filter((l) => l.epoch === e).reduce((s, l) => s + l.loss * l.size, 0) / 60;
    h.epochs.forEach((e) => expect(e.loss).toBeCloseTo(epochLoss(e.epoch), 12));
  });

  it("Trainer.step waits at every step; Trainer.run rolls over epochs and waits once, for its last step", async () => {
    const stepped = new AsyncReadBackend();
    const a = mlp(stepped);
    const one = new Trainer(a, { loss: new SoftmaxCrossEntropy(), optimizer: new SGD(a.parameters(), { momentum: 0.9 }), data: dataOn(stepped), batchSize: 16, seed: 3, schedule });
    const byStep: number[] = [];
    for (let i = 0; i < 10; i++) byStep.push((await one.step()).loss);
    expect(stepped.drains).toBe(10);

    const ran = new AsyncReadBackend();
    const b = mlp(ran);
    const trainer = new Trainer(b, { loss: new SoftmaxCrossEntropy(), optimizer: new SGD(b.parameters(), { momentum: 0.9 }), data: dataOn(ran), batchSize: 16, seed: 3, schedule });
    const logs: StepLog[] = [];
    for await (const log of trainer.run({ steps: 10 })) logs.push(log);
    expect(ran.drains).toBe(1);
    expect(logs.map((l) => l.loss)).toEqual(byStep);
    expect(logs.map((l) => [l.epoch, l.batch])).toEqual([[0, 0], [0, 1], [0, 2], [0, 3], [1, 0], [1, 1], [1, 2], [1, 3], [2, 0], [2, 1]]);
    expect([trainer.steps, trainer.epoch, trainer.stepInEpoch, trainer.epochDone]).toEqual([10, 2, 2, false]);
    expect(trainer.epochStats.samples).toBe(32);
    for (let i = 0; i < 2; i++) byStep.push((await one.step()).loss);
    expect([(await trainer.step()).loss, (await trainer.step()).loss]).toEqual(byStep.slice(10));
    expect(trainer.epochDone).toBe(true);
    one.dispose();
    trainer.dispose();
  });

  it("a stop asked for while a log is handled, or a break, still trains the step under way", async () => {
    const backend = new AsyncReadBackend();
    const model = mlp(backend);
    const trainer = new Trainer(model, { loss: new SoftmaxCrossEntropy(), optimizer: new SGD(model.parameters()), data: dataOn(backend), batchSize: 16, seed: 3 });
    let stop = false;
    const seen: number[] = [];
    for await (const log of trainer.run({ stop: () => stop })) {
      seen.push(log.step);
      stop = log.step === 2;
    }
    expect(seen).toEqual([1, 2, 3]);
    for await (const log of trainer.run()) if (log.step === 5) break;
    expect(trainer.steps).toBe(6); // step 6 was under way when the loop broke at step 5's log
    expect((await trainer.step()).step).toBe(7);
    trainer.dispose();
  });

  it("names the bad batch of a step found late, for a dataset that reuses or frees its batch tensors; the trainer cannot go on", async () => {
    const backend = new AsyncReadBackend();
    // Batch 2 (samples 32..47, no shuffling) holds a NaN in sample 37's second input.
    const x = Float32Array.from(task.x);
    x[37 * 2 + 1] = NaN;
    // Each batch a copy, freed when the next is asked for or the walk ends: the strictest reading of the Dataset contract.
    const reused = dataOn(backend, task.y, x);
    const freeing: Dataset = {
      size: reused.size,
      *batches(batchSize, opts) {
        for (const b of reused.batches(batchSize, opts)) {
          const [cx, cy] = [b.x.clone(), b.y.clone()];
          try {
            yield { x: cx, y: cy, size: b.size };
          } finally {
            cx.dispose();
            cy.dispose();
          }
        }
      },
    };
    for (const data of [reused, freeing]) {
      const model = mlp(backend);
      const trainer = new Trainer(model, { loss: new SoftmaxCrossEntropy(), optimizer: new SGD(model.parameters()), data, batchSize: 16, shuffle: false });
      const seen: number[] = [];
      const err = await (async () => {
        for await (const log of trainer.run({ epochEnd: true })) seen.push(log.step);
      })().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NonFiniteInputError);
      expect((err as Error).message).toBe(
        "training step 3, epoch 0: input row 5 holds NaN at element 1, so the model's output for it is not finite; clean or drop that input",
      );
      expect(seen).toEqual([1, 2]);
      // Step 3's update went out before its check: the NaN reached the weights.
      expect((await weightsOf(model)).flat().some(Number.isNaN)).toBe(true);
      await expect(trainer.step()).rejects.toThrow(
        "Trainer: step() after training stopped (training step 3, epoch 0: input row 5 holds NaN at element 1, so the model's output for it is not finite; clean or drop that input); " +
          "the model and optimizer already hold that step's update, so start again from a saved model with a new Trainer",
      );
      trainer.dispose();
    }
  });

  it("names a bad class index in an epoch's last batch, checked after the epoch's end was drawn", async () => {
    const backend = new AsyncReadBackend();
    const y = Float32Array.from(task.y);
    y[50] = 9; // batch 3, position 2
    const model = mlp(backend);
    const err = await fit(model, { loss: new SoftmaxCrossEntropy(), optimizer: new SGD(model.parameters()), data: dataOn(backend, y), epochs: 2, batchSize: 16, shuffle: false })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TargetError);
    expect((err as Error).message).toMatch(/^softmaxCrossEntropy: target 9 at batch position 2 \(training step 4, epoch 0\) is not a class index/);
  });
});
