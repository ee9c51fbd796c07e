import { checkRowsFinite } from "@chainrule/layers";
import type { Loss } from "@chainrule/losses";
import type { Optimizer } from "@chainrule/optim";
import { getBackend, type Backend, type FloatArray, type Parameter, type Tensor } from "@chainrule/tensor";
import type { BatchLog } from "./callback.js";
import type { Batch, BatchOptions, Dataset } from "./dataset.js";
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

/**
 * Options of {@link Trainer.run}: it trains until the first of these ends it.
 *
 * @example
 * const opts: RunOptions = { steps: 100, epochEnd: true, stop: () => pauseRequested };
 */
export interface RunOptions {
  /** Steps to take at most (default: no limit, as Infinity). */
  steps?: number;
  /** End with the last batch of the epoch (default false: roll on into the next epoch). */
  epochEnd?: boolean;
  /**
   * Asked before each further step is queued; true ends the run. The step already under way
   * (the one after the last log seen) still trains and is reported first.
   */
  stop?: () => boolean;
}

/** How many recent losses a NonFiniteError shows. */
const RECENT_LOSSES = 5;

/** A step whose forward, loss, backward and statistics are queued, its statistics being read back. */
interface Launched {
  step: number;
  epoch: number;
  batch: number;
  size: number;
  x: Tensor;
  y: Tensor;
  /** The trainer's draw count when the batch was drawn: its tensors hold it while no later draw refilled them. */
  draw: number;
  sampling: boolean;
  classification: boolean;
  values: Promise<FloatArray>;
  /** Learning rate of its update, set when the update is queued. */
  lr: number;
  /** Whether the epoch had no batch after this one: known once the next batch was asked for. */
  lastInEpoch: boolean | null;
}

/**
 * Trains a model one step at a time, keeping its place in the data: each {@link step} trains on
 * the next batch of the current epoch (shuffled by seed and epoch), and the epoch after the last
 * one begins by itself. A step is forward, loss, backward, statistics written into a small device
 * buffer (loss, batch accuracy, Σ g² of every gradient), one read of it and a finiteness check,
 * then the optimizer step. A NaN or infinite loss or gradient throws a {@link NonFiniteError} (a
 * TargetError or NonFiniteInputError when bad data explains it). `fit` is a loop over
 * {@link run}, so a paused and resumed run is the same run.
 *
 * `step()` waits for its statistics before updating, so a GPU idles once per step; {@link run}
 * reads step t's statistics while step t + 1 computes (see there). Both draw the next batch before
 * they return, to know whether the epoch is over, so batch tensors a dataset reuses are written a
 * step ahead: between steps evaluate on another Dataset object, not the training one. Call
 * {@link dispose} when done.
 *
 * @example
 * const trainer = new Trainer(model, { loss, optimizer, data: train, batchSize: 64, seed: 1 });
 * while (trainer.steps < 1000) {
 *   const log = await trainer.step(); // { epoch, batch, step, loss, accuracy, lr, size, seen, gradFlow }
 *   if (trainer.epochDone) console.log(trainer.epoch, trainer.epochStats.loss);
 * }
 * for await (const log of trainer.run({ steps: 500 })) console.log(log.step, log.loss); // the GPU never waits
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
  /** A batch drawn ahead that no step has trained on yet. */
  private upcoming: Batch | null = null;
  /** The epoch batches are drawn from, and how many have been taken from it. */
  private drawEpoch = 0;
  private batchesTaken = 0;
  /** The epoch's iterator is done: the next step begins the next epoch. */
  private epochOver = false;
  private draws = 0;
  private lastLaunched: Launched | null = null;
  private lastReported: Launched | null = null;
  private totals = { loss: 0, right: 0, samples: 0, classification: false };
  private stepsTaken = 0;
  private running = false;
  private disposed = false;
  /** Why this trainer cannot go on: the error of a run that had queued an update it could not report. */
  private failure: string | null = null;

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

  /** Steps taken (and reported) so far, over all epochs. */
  get steps(): number {
    return this.stepsTaken;
  }

  /** The current epoch, 0-based: that of the last step (once it is done, the next step starts epoch + 1). */
  get epoch(): number {
    return this.lastReported?.epoch ?? 0;
  }

  /** Steps taken in the current epoch (its batch count once {@link epochDone}). */
  get stepInEpoch(): number {
    return this.lastReported ? this.lastReported.batch + 1 : 0;
  }

  /** True once the last step trained on the epoch's last batch. */
  get epochDone(): boolean {
    return this.lastReported?.lastInEpoch === true;
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
   * Trains on the next batch and returns the step's log. The statistics are read and checked before
   * the update, so a bad step leaves the model as it was (and is not counted); the device idles
   * while the host waits for them, which {@link run} avoids. Await each step before the next; the
   * model, loss and optimizer may be read (or the model evaluated) between steps.
   */
  async step(): Promise<StepLog> {
    this.begin("step()");
    try {
      return await this.trainAlone(this.launch(this.stepsTaken + 1));
    } finally {
      this.running = false;
    }
  }

  /**
   * Trains step after step (until `opts` ends it) and yields each step's log, without making the
   * device wait for the host: step t's update and step t + 1's forward and backward are queued
   * before the host waits for step t's statistics (two stats buffers take turns). The logs come
   * in order, each once its step is checked. While a log is handled, the next step's forward and
   * backward have run (its gradients, BatchNorm statistics and dropout masks are there) but its
   * update waits for the next log to be asked for: the weights are those after the logged step,
   * as with {@link step}, and a learning rate set then applies to the next update (unless a
   * `schedule` sets it). The last step of the run is checked after its update and then reported,
   * before the run ends.
   *
   * A bad step t is found while step t + 1 computes, so the NonFiniteError (or TargetError,
   * NonFiniteInputError) names step t and the model holds step t's update (usually NaN), step
   * t + 1's gradients and BatchNorm statistics, but not step t + 1's update; the trainer cannot go
   * on from there. `steps` and `epochEnd` are known ahead and end the run exactly; a `stop` asked
   * for while a log is handled ends it after the step under way, which trains and is reported.
   * Breaking out of the loop also trains that step, but its log is lost.
   *
   * @example
   * for await (const log of trainer.run({ epochEnd: true, stop: () => paused })) draw(log.step, log.loss);
   */
  async *run(opts: RunOptions = {}): AsyncGenerator<StepLog, void, undefined> {
    if (opts.steps !== undefined && opts.steps !== Infinity) positiveInteger("Trainer.run", "steps", opts.steps);
    this.begin("run()");
    let launched: Launched | null = null;
    try {
      if (opts.stop?.()) return;
      launched = this.launch(this.stepsTaken + 1);
      for (let taken = 1; launched; ) {
        const current: Launched = launched;
        launched = null;
        this.queueUpdate(current);
        let values: FloatArray;
        try {
          if (taken < (opts.steps ?? Infinity) && !opts.stop?.() && !(opts.epochEnd && this.peek() === null)) {
            launched = this.launch(current.step + 1);
            taken++;
          }
          values = await this.check(current);
        } catch (e) {
          // The update of `current` is queued but will not be reported: the model is past what this trainer knows.
          this.failure = e instanceof Error ? e.message : String(e);
          launched = null;
          throw e;
        }
        const log = this.report(current, values);
        if (!launched) this.peek();
        yield log;
        if (this.disposed) launched = null; // disposed while the log was handled: nothing is left to train with
      }
    } finally {
      // Left early (a `break`, or dispose): train the step under way the way step() does, so no half-done step remains.
      if (launched && !this.disposed) await this.trainAlone(launched);
      this.running = false;
    }
  }

  /** Frees the stats buffers and closes the epoch's batch iterator; the trainer cannot step again. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.closeIterator();
    this.stats.dispose();
  }

  /** Starts a step() or run(): refuses one after dispose, after a failed run or during another. */
  private begin(what: string): void {
    if (this.disposed) throw new Error(`Trainer: ${what} after dispose()`);
    if (this.failure) {
      throw new Error(`Trainer: ${what} after training stopped (${this.failure}); the model and optimizer already hold that step's update, so start again from a saved model with a new Trainer`);
    }
    if (this.running) throw new Error(`Trainer: ${what} called while the previous step is still running; await each step`);
    this.running = true;
  }

  /** Checks a launched step, then updates: the order of {@link step}. */
  private async trainAlone(s: Launched): Promise<StepLog> {
    this.setLearningRate(s);
    const values = await this.check(s);
    this.opts.optimizer.step();
    const log = this.report(s, values);
    this.peek();
    return log;
  }

  /** The batch of the next step, beginning the next epoch when this one is over. */
  private takeBatch(): Batch {
    for (;;) {
      if (this.epochOver) {
        this.drawEpoch++;
        this.batchesTaken = 0;
        this.epochOver = false;
      }
      this.iterator ??= this.opts.data.batches(this.opts.batchSize, this.batchOptions(this.drawEpoch))[Symbol.iterator]();
      const batch = this.upcoming ?? this.draw();
      this.upcoming = null;
      if (batch) {
        this.batchesTaken++;
        return batch;
      }
      // Reached only when a step threw before it could look ahead.
      if (this.batchesTaken === 0) throw new Error(`Trainer: the dataset yielded no batch in epoch ${this.drawEpoch}`);
      this.epochOver = true;
    }
  }

  /** The batch after the last one taken (drawn now unless drawn already), or null when the epoch is over. */
  private peek(): Batch | null {
    if (this.upcoming === null && !this.epochOver) {
      this.upcoming = this.draw();
      this.epochOver = this.upcoming === null;
    }
    return this.upcoming;
  }

  /** The iterator's next batch, or null at the end of the epoch (the iterator has then finished). */
  private draw(): Batch | null {
    const next = (this.iterator as Iterator<Batch>).next();
    this.draws++;
    const last = this.lastLaunched;
    if (last && last.lastInEpoch === null) last.lastInEpoch = next.done === true;
    if (!next.done) return next.value;
    this.iterator = null;
    return null;
  }

  private batchOptions(epoch: number): BatchOptions {
    return { shuffle: this.opts.shuffle ?? true, seed: this.opts.seed ?? 0, epoch };
  }

  private closeIterator(): void {
    this.iterator?.return?.();
    this.iterator = null;
    this.upcoming = null;
  }

  /** Queues forward, loss, backward and the statistics of step `step` on the next batch, and asks for their read. */
  private launch(step: number): Launched {
    const { model, opts, stats, monitor, backend } = this;
    const moved = this.params.find((p) => p.value.backend !== backend);
    if (moved) {
      throw new Error(`Trainer: the model moved to the ${moved.value.backend.name} backend after this trainer was made on ${backend.name}; train it there with a new Trainer (or fit) and data on that backend`);
    }
    const { x, y, size } = this.takeBatch();
    const sampling = monitor !== null && (step === 1 || step % opts.gradFlow!.every === 0);
    stats.begin(step);
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
    const launched: Launched = {
      step, epoch: this.drawEpoch, batch: this.batchesTaken - 1, size, x, y, draw: this.draws, sampling, classification,
      values: stats.read(), lr: NaN, lastInEpoch: null,
    };
    this.lastLaunched = launched;
    return launched;
  }

  /** The learning rate of step s: the schedule's for its index over the run, else the optimizer's. */
  private setLearningRate(s: Launched): void {
    const { optimizer, schedule } = this.opts;
    if (schedule) optimizer.lr = schedule(s.step - 1);
    s.lr = optimizer.lr;
  }

  private queueUpdate(s: Launched): void {
    this.setLearningRate(s);
    this.opts.optimizer.step();
  }

  /** Waits for step s's statistics; throws when its loss or a gradient is not finite, naming bad data when that explains it. */
  private async check(s: Launched): Promise<FloatArray> {
    const values = await s.values;
    const loss = values[StepStats.LOSS];
    const bad = this.stats.firstBadGradient(values);
    if (!Number.isFinite(loss)) await this.checkData(s);
    if (!Number.isFinite(loss) || bad >= 0) {
      const parameter = bad >= 0 ? this.params[bad].name : null;
      throw new NonFiniteError({
        step: s.step, epoch: s.epoch, loss, learningRate: s.lr, parameter, recentLosses: [...this.recentLosses],
        layer: parameter === null ? null : layerNameOf(this.model, this.params[bad]),
      });
    }
    return values;
  }

  /** Bad data explains a NaN loss more precisely than the NaN guard can: a bad class index or a non-finite input row. */
  private async checkData(s: Launched): Promise<void> {
    const where = `training step ${s.step}, epoch ${s.epoch}`;
    const inspect = async ({ x, y }: Pick<Batch, "x" | "y">) => {
      await this.opts.loss.checkTargets?.(y, where);
      checkRowsFinite(await x.data(), x, where);
    };
    if (this.draws === s.draw) return inspect(s);
    // Later draws refilled the tensors a dataset may reuse. The same seed and epoch give the same
    // batches, so walk the epoch again to this one; that ends the walk under way (the run is over).
    this.closeIterator();
    let index = 0;
    for (const batch of this.opts.data.batches(this.opts.batchSize, this.batchOptions(s.epoch))) {
      if (index++ === s.batch) {
        await inspect(batch); // before leaving the loop, which may free the batch
        return;
      }
    }
  }

  /** Counts a checked step into the run and the epoch, and makes its log. */
  private report(s: Launched, values: FloatArray): StepLog {
    const loss = values[StepStats.LOSS];
    this.recentLosses.push(loss);
    if (this.recentLosses.length > RECENT_LOSSES) this.recentLosses.shift();
    this.stepsTaken = s.step;
    this.lastReported = s;
    if (s.batch === 0) this.totals = { loss: 0, right: 0, samples: 0, classification: false };
    const accuracy = s.classification ? values[StepStats.ACCURACY] : null;
    const t = this.totals;
    t.loss += loss * s.size;
    t.right += (accuracy ?? 0) * s.size;
    t.samples += s.size;
    t.classification = s.classification;
    const { monitor, stats } = this;
    const gradFlow = s.sampling && monitor ? monitor.read(values, stats.extraBase, (i) => stats.gradSq(values, i), s.step, s.epoch) : null;
    return { epoch: s.epoch, batch: s.batch, step: s.step, loss, accuracy, lr: s.lr, size: s.size, seen: t.samples, gradFlow };
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
