import { checkRowsFinite } from "@chainrule/layers";
import type { Loss } from "@chainrule/losses";
import type { Optimizer } from "@chainrule/optim";
import { getBackend, type Backend, type Parameter } from "@chainrule/tensor";
import type { BatchLog } from "./callback.js";
import type { Batch, Dataset } from "./dataset.js";
import { GradFlowMonitor, type GradFlowSample } from "./grad-flow.js";
import { leafLayers, type Model } from "./model.js";
import { NonFiniteError } from "./non-finite-error.js";
import { isClassification, StepStats } from "./step-stats.js";

/**
 * Options of {@link Trainer}; {@link fit} takes them too.
 *
 * @example
 * const opts: TrainerOptions = { loss: new SoftmaxCrossEntropy(), optimizer: new Adam(model.parameters()), data: train, batchSize: 64, seed: 1 };
 */
export interface TrainerOptions {
  loss: Loss;
  optimizer: Optimizer;
  data: Dataset;
  batchSize: number;
  /** Learning rate of each step from its 0-based index over the whole run; constant when omitted. */
  schedule?: (step: number) => number;
  /** Shuffle the training data each epoch (default true). */
  shuffle?: boolean;
  /** Seed of the shuffling order (default 0): epoch e walks the order of (seed, e), however the run got there. */
  seed?: number;
  /** Sample the gradient flow every `every` steps (and at the first step). */
  gradFlow?: { every: number };
}

/**
 * What one {@link Trainer.step} did: the log fit's callbacks see after a batch, and the
 * gradient-flow sample taken at that step.
 *
 * @example
 * const { step, epoch, batch, loss, accuracy, gradFlow }: StepLog = await trainer.step();
 */
export interface StepLog extends BatchLog {
  /** The gradient flow measured at this step; null when this step took no sample. */
  gradFlow: GradFlowSample | null;
}

/**
 * The training loss and accuracy of the current epoch so far.
 *
 * @example
 * const { loss, accuracy, samples }: EpochStats = trainer.epochStats;
 */
export interface EpochStats {
  /** Mean loss of the epoch's steps so far, weighted by batch size (NaN before its first step). */
  loss: number;
  /** Fraction of the epoch's samples so far classified right; null when the task is not classification. */
  accuracy: number | null;
  /** Samples trained on in this epoch so far. */
  samples: number;
}

/** How many recent losses a NonFiniteError shows. */
const RECENT_LOSSES = 5;

/**
 * Trains a model one step at a time, keeping its place in the data: each {@link step} trains on
 * the next batch of the current epoch (shuffled by seed and epoch), and the epoch after the last
 * one begins by itself. A step is forward, loss, backward, one read of a small stats buffer (loss,
 * batch accuracy, Σ g² of every gradient), a finiteness check, then the optimizer step. A NaN or
 * infinite loss or gradient throws a {@link NonFiniteError} (a TargetError or NonFiniteInputError
 * when bad data explains it). `fit` is a loop over this, so a paused and resumed run is the same run.
 * The trainer draws the next batch at the end of a step, to know whether the epoch is over; batch
 * tensors a dataset reuses are therefore written one step ahead, so between steps evaluate on
 * another Dataset object, not the training one. Call {@link dispose} when done.
 *
 * @example
 * const trainer = new Trainer(model, { loss, optimizer, data: train, batchSize: 64, seed: 1 });
 * while (trainer.steps < 1000) {
 *   const log = await trainer.step(); // { epoch, batch, step, loss, accuracy, lr, size, seen, gradFlow }
 *   if (trainer.epochDone) console.log(trainer.epoch, trainer.epochStats.loss);
 * }
 * trainer.dispose();
 */
export class Trainer {
  /** Batches in one epoch, as the dataset's size and the batch size promise: ⌈size / batchSize⌉. */
  readonly stepsPerEpoch: number;
  private readonly params: Parameter[];
  private readonly backend: Backend;
  private readonly monitor: GradFlowMonitor | null;
  private readonly stats: StepStats;
  private readonly recentLosses: number[] = [];
  private iterator: Iterator<Batch> | null = null;
  /** The batch the next step trains on, drawn at the end of the step before. */
  private upcoming: Batch | null = null;
  private currentEpoch = 0;
  private epochOver = false;
  private batchesDrawn = 0;
  private totals = { loss: 0, right: 0, samples: 0, classification: false };
  private stepsTaken = 0;
  private running = false;
  private disposed = false;

  constructor(
    readonly model: Model,
    private readonly opts: TrainerOptions,
  ) {
    checkTrainerOptions("Trainer", opts);
    this.stepsPerEpoch = Math.ceil(opts.data.size / opts.batchSize);
    this.params = model.parameters();
    this.monitor = opts.gradFlow ? new GradFlowMonitor(model, this.params) : null;
    this.backend = this.params[0]?.value.backend ?? getBackend();
    this.stats = new StepStats(this.backend, this.params, this.monitor?.slots ?? 0);
  }

  /** Steps taken so far, over all epochs. */
  get steps(): number {
    return this.stepsTaken;
  }

  /** The current epoch, 0-based: that of the last step (once it is done, the next step starts epoch + 1). */
  get epoch(): number {
    return this.currentEpoch;
  }

  /** Steps taken in the current epoch (its batch count once {@link epochDone}). */
  get stepInEpoch(): number {
    return this.batchesDrawn;
  }

  /** True once the last step trained on the epoch's last batch. */
  get epochDone(): boolean {
    return this.epochOver;
  }

  /** The current epoch's training loss and accuracy so far (the whole epoch once {@link epochDone}). */
  get epochStats(): EpochStats {
    const t = this.totals;
    return {
      loss: t.samples > 0 ? t.loss / t.samples : NaN,
      accuracy: t.classification && t.samples > 0 ? t.right / t.samples : null,
      samples: t.samples,
    };
  }

  /**
   * Trains on the next batch and returns the step's log. Await each step before the next; the
   * model, loss and optimizer may be read (or the model evaluated) between steps.
   */
  async step(): Promise<StepLog> {
    if (this.disposed) throw new Error("Trainer: step() after dispose()");
    if (this.running) throw new Error("Trainer: step() called while the previous step is still running; await each step");
    this.running = true;
    try {
      return await this.train(this.takeBatch());
    } finally {
      this.running = false;
    }
  }

  /** Frees the stats buffer and closes the epoch's batch iterator; the trainer cannot step again. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.iterator?.return?.();
    this.iterator = null;
    this.upcoming = null;
    this.stats.dispose();
  }

  /** The batch of the next step, beginning the next epoch when this one is over. */
  private takeBatch(): Batch {
    for (;;) {
      if (this.epochOver) {
        this.currentEpoch++;
        this.batchesDrawn = 0;
        this.totals = { loss: 0, right: 0, samples: 0, classification: false };
        this.epochOver = false;
      }
      const { data, batchSize, shuffle, seed } = this.opts;
      this.iterator ??= data.batches(batchSize, { shuffle: shuffle ?? true, seed: seed ?? 0, epoch: this.currentEpoch })[Symbol.iterator]();
      const batch = this.upcoming ?? this.draw();
      this.upcoming = null;
      if (batch) {
        this.batchesDrawn++;
        return batch;
      }
      // Reached only when a step threw before it could look ahead.
      if (this.batchesDrawn === 0) throw new Error(`Trainer: the dataset yielded no batch in epoch ${this.currentEpoch}`);
      this.epochOver = true;
    }
  }

  /** The iterator's next batch, or null at the end of the epoch (the iterator has then finished). */
  private draw(): Batch | null {
    const next = (this.iterator as Iterator<Batch>).next();
    if (!next.done) return next.value;
    this.iterator = null;
    return null;
  }

  private async train({ x, y, size }: Batch): Promise<StepLog> {
    const { model, opts, stats, monitor, params, backend } = this;
    // Counted once the step succeeds: a step stopped by bad data or a NaN did not happen.
    const step = this.stepsTaken + 1;
    const [epoch, batch] = [this.currentEpoch, this.batchesDrawn - 1];
    if (opts.schedule) opts.optimizer.lr = opts.schedule(step - 1);
    const lr = opts.optimizer.lr;
    const sampling = monitor !== null && (step === 1 || step % opts.gradFlow!.every === 0);

    const logits = model.forward(x, true);
    // Activation outputs are measured before backward, which may reuse buffers.
    if (sampling) monitor.record(backend, stats.dataId, stats.extraBase);
    const lossT = opts.loss.forward(logits, y);
    // Nothing uses ∂L/∂x of the input batch: the model may skip it (the first layer's costliest product).
    model.backward(opts.loss.backward(), { inputGrad: false });

    const classification = isClassification(logits, y);
    stats.recordLoss(lossT);
    if (classification) stats.recordAccuracy(logits, y);
    stats.recordGradients();
    const values = await stats.read();
    const loss = values[StepStats.LOSS];

    const bad = stats.firstBadGradient(values);
    if (!Number.isFinite(loss)) {
      // Bad data explains a NaN loss more precisely than the NaN guard can.
      const where = `training step ${step}, epoch ${epoch}`;
      await opts.loss.checkTargets?.(y, where);
      checkRowsFinite(await x.data(), x, where);
    }
    if (!Number.isFinite(loss) || bad >= 0) {
      const parameter = bad >= 0 ? params[bad].name : null;
      throw new NonFiniteError({
        step, epoch, loss, learningRate: lr, parameter, recentLosses: [...this.recentLosses],
        layer: parameter === null ? null : layerNameOf(model, params[bad]),
      });
    }
    this.recentLosses.push(loss);
    if (this.recentLosses.length > RECENT_LOSSES) this.recentLosses.shift();

    opts.optimizer.step();
    this.stepsTaken = step;

    const accuracy = classification ? values[StepStats.ACCURACY] : null;
    const t = this.totals;
    t.loss += loss * size;
    t.right += (accuracy ?? 0) * size;
    t.samples += size;
    t.classification = classification;
    const gradFlow = sampling ? monitor.read(values, stats.extraBase, (i) => stats.gradSq(values, i), step, epoch) : null;
    this.upcoming = this.draw();
    this.epochOver = this.upcoming === null;
    return { epoch, batch, step, loss, accuracy, lr, size, seen: t.samples, gradFlow };
  }
}

/**
 * Checks what {@link Trainer} and {@link fit} share; `where` names the caller in the error.
 *
 * @example
 * checkTrainerOptions("fit", opts); // RangeError "fit: batchSize must be a positive integer, got 2.5"
 */
export function checkTrainerOptions(where: string, o: TrainerOptions): void {
  positiveInteger(where, "batchSize", o.batchSize);
  if (o.gradFlow) positiveInteger(where, "gradFlow.every", o.gradFlow.every);
  if (o.data.size < 1) throw new RangeError(`${where}: the training dataset is empty`);
}

/**
 * Throws a RangeError naming `where` and `name` unless `v` is a positive integer.
 *
 * @example
 * positiveInteger("fit", "epochs", 0); // RangeError "fit: epochs must be a positive integer, got 0"
 */
export function positiveInteger(where: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${where}: ${name} must be a positive integer, got ${v}`);
}

/** The layer owning a parameter: found among the model's layers, else the name before the last dot. */
function layerNameOf(model: Model, param: { name: string }): string {
  const owner = leafLayers(model)?.find((l) => l.parameters().some((p) => p === param));
  if (owner) return owner.name;
  const dot = param.name.lastIndexOf(".");
  return dot > 0 ? param.name.slice(0, dot) : param.name;
}
