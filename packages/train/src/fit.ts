import type { Callback, EpochLog, TrainContext } from "./callback.js";
import type { Dataset } from "./dataset.js";
import { evaluate, type Evaluation } from "./evaluate.js";
import type { GradFlowSample } from "./grad-flow.js";
import type { Model } from "./model.js";
import { hostYielder } from "./host-yield.js";
import { checkTrainerOptions, positiveInteger, Trainer, type TrainerOptions } from "./trainer.js";

/**
 * Options of {@link fit}: a {@link Trainer}'s, and how long to train, what to validate on, who to tell.
 *
 * @example
 * const opts: FitOptions = { loss, optimizer, data: train, batchSize: 64, epochs: 3, validation: test };
 */
export interface FitOptions extends TrainerOptions {
  epochs: number;
  /**
   * Optimizer steps to take at most over the whole fit (default: all `epochs`); the epoch it ends
   * in gets its log. Known ahead, it stops with no step past it, where a callback's `ctx.stop` at
   * that step would let the step already under way train too.
   */
  steps?: number;
  /** Evaluated after every epoch; its loss and accuracy land in the epoch log. */
  validation?: Dataset;
  callbacks?: Callback[];
}

/**
 * What {@link fit} did.
 *
 * @example
 * const { epochs, steps, stopReason }: History = await fit(model, opts);
 */
export interface History {
  epochs: EpochLog[];
  gradFlow: GradFlowSample[];
  /** Optimizer steps taken. */
  steps: number;
  /** The last validation result in full (per-class accuracy, confusion matrix); null without validation. */
  validation: Evaluation | null;
  /** Why training ended before `epochs` (a callback's reason), or null. */
  stopReason: string | null;
}

/**
 * Trains `model` on `data` for `epochs` epochs: the steps of a {@link Trainer} (its `run`, which
 * never makes the device wait for the host), with callbacks after each batch and epoch, validation
 * after each epoch, and a turn for the event loop now and then. Batch callbacks see step t while
 * step t + 1 computes: its gradients are in place, its update not yet, so the weights are those
 * after step t; a stop asked for there ends training after step t + 1 (whose callbacks still run).
 * A NaN or infinite loss or gradient stops training with a {@link NonFiniteError} naming the bad
 * step, whose update the model then holds (see `Trainer.run`).
 *
 * @example
 * const history = await fit(model, {
 *   loss: new SoftmaxCrossEntropy(), optimizer: new Adam(model.parameters(), { lr: 1e-3 }),
 *   data: train, validation: test, epochs: 3, batchSize: 64,
 * });
 */
export async function fit(model: Model, opts: FitOptions): Promise<History> {
  positiveInteger("fit", "epochs", opts.epochs);
  if (opts.steps !== undefined) positiveInteger("fit", "steps", opts.steps);
  checkTrainerOptions("fit", opts);
  const maxSteps = opts.steps ?? Infinity;
  const callbacks = opts.callbacks ?? [];
  const trainer = new Trainer(model, opts);
  const history: History = { epochs: [], gradFlow: [], steps: 0, validation: null, stopReason: null };
  const ctx: TrainContext = {
    model,
    epochs: opts.epochs,
    stepsPerEpoch: trainer.stepsPerEpoch,
    samplesPerEpoch: opts.data.size,
    stop: (reason) => {
      history.stopReason ??= reason;
    },
  };
  const breathe = hostYielder();

  try {
    for (const cb of callbacks) await cb.onTrainBegin?.(ctx);
    for (let epoch = 0; epoch < opts.epochs && history.stopReason === null && trainer.steps < maxSteps; epoch++) {
      for (const cb of callbacks) await cb.onEpochBegin?.(epoch, ctx);
      const start = now();
      // Each log arrives while the next step computes; the epoch's last step is reported before the loop ends.
      for await (const { gradFlow, ...log } of trainer.run({ epochEnd: true, steps: maxSteps - trainer.steps, stop: () => history.stopReason !== null })) {
        history.steps = trainer.steps;
        if (gradFlow) {
          history.gradFlow.push(gradFlow);
          for (const cb of callbacks) await cb.onGradFlow?.(gradFlow, ctx);
        }
        for (const cb of callbacks) await cb.onBatchEnd?.(log, ctx);
        await breathe();
      }
      const trainSeconds = (now() - start) / 1000;
      const val = opts.validation ? await evaluate(model, opts.validation, { loss: opts.loss, batchSize: Math.max(opts.batchSize, 256) }) : null;
      history.validation = val;
      const { loss, accuracy, samples } = trainer.epochStats;
      const log: EpochLog = {
        epoch,
        loss,
        accuracy,
        valLoss: val?.loss ?? null,
        valAccuracy: val?.accuracy ?? null,
        lr: opts.optimizer.lr,
        samples,
        seconds: (now() - start) / 1000,
        trainSeconds,
        samplesPerSecond: trainSeconds > 0 ? samples / trainSeconds : 0,
      };
      history.epochs.push(log);
      for (const cb of callbacks) await cb.onEpochEnd?.(log, ctx);
    }
    for (const cb of callbacks) await cb.onTrainEnd?.(ctx);
  } finally {
    trainer.dispose();
  }
  return history;
}

function now(): number {
  return globalThis.performance.now();
}
