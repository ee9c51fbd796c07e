import type { Loss } from "@chainrule/losses";
import type { Optimizer } from "@chainrule/optim";
import { getBackend } from "@chainrule/tensor";
import type { BatchLog, Callback, EpochLog, TrainContext } from "./callback.js";
import type { Dataset } from "./dataset.js";
import { evaluate, type Evaluation } from "./evaluate.js";
import { GradFlowMonitor, type GradFlowSample } from "./grad-flow.js";
import { leafLayers, type Model } from "./model.js";
import { hostYielder } from "./host-yield.js";
import { NonFiniteError } from "./non-finite-error.js";
import { checkRowsFinite } from "./non-finite-input.js";
import { isClassification, StepStats } from "./step-stats.js";

/** Options of {@link fit}. */
export interface FitOptions {
  loss: Loss;
  optimizer: Optimizer;
  data: Dataset;
  epochs: number;
  batchSize: number;
  /** Learning rate of each step from its 0-based index over the whole run; constant when omitted. */
  schedule?: (step: number) => number;
  /** Evaluated after every epoch; its loss and accuracy land in the epoch log. */
  validation?: Dataset;
  callbacks?: Callback[];
  /** Shuffle the training data each epoch (default true). */
  shuffle?: boolean;
  /** Seed of the shuffling order (default 0). */
  seed?: number;
  /** Sample the gradient flow every `every` steps (and at the first step). */
  gradFlow?: { every: number };
}

/** What {@link fit} did. */
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

/** How many recent losses a NonFiniteError shows. */
const RECENT_LOSSES = 5;

/**
 * Trains `model` on `data`. Each step: forward, loss, backward, one read of a small stats buffer
 * (loss, batch accuracy, Σ g² of every gradient), a finiteness check, then the optimizer step.
 * A NaN or infinite loss or gradient stops training with a {@link NonFiniteError}.
 *
 * @example
 * const history = await fit(model, {
 *   loss: new SoftmaxCrossEntropy(), optimizer: new Adam(model.parameters(), { lr: 1e-3 }),
 *   data: train, validation: test, epochs: 3, batchSize: 64,
 * });
 */
export async function fit(model: Model, opts: FitOptions): Promise<History> {
  validateFitOptions(opts);
  const callbacks = opts.callbacks ?? [];
  const params = model.parameters();
  const backend = params[0]?.value.backend ?? getBackend();
  const monitor = opts.gradFlow ? new GradFlowMonitor(model, params) : null;
  const stats = new StepStats(backend, params, monitor?.slots ?? 0);
  const history: History = { epochs: [], gradFlow: [], steps: 0, validation: null, stopReason: null };
  const ctx: TrainContext = {
    model,
    epochs: opts.epochs,
    stepsPerEpoch: Math.ceil(opts.data.size / opts.batchSize),
    samplesPerEpoch: opts.data.size,
    stop: (reason) => {
      history.stopReason ??= reason;
    },
  };
  const recentLosses: number[] = [];
  const breathe = hostYielder();

  try {
    for (const cb of callbacks) await cb.onTrainBegin?.(ctx);
    for (let epoch = 0; epoch < opts.epochs && history.stopReason === null; epoch++) {
      for (const cb of callbacks) await cb.onEpochBegin?.(epoch, ctx);
      const start = now();
      let lossSum = 0;
      let rightSum = 0;
      let seen = 0;
      let classification = false;
      let batch = 0;
      for (const { x, y, size } of opts.data.batches(opts.batchSize, { shuffle: opts.shuffle ?? true, seed: opts.seed ?? 0, epoch })) {
        const step = ++history.steps;
        if (opts.schedule) opts.optimizer.lr = opts.schedule(step - 1);
        const lr = opts.optimizer.lr;
        const sampling = monitor !== null && (step === 1 || step % opts.gradFlow!.every === 0);

        const logits = model.forward(x, true);
        // Activation outputs are measured before backward, which may reuse buffers.
        if (sampling) monitor.record(backend, stats.dataId, stats.extraBase);
        const lossT = opts.loss.forward(logits, y);
        // Nothing uses ∂L/∂x of the input batch: the model may skip it (the first layer's costliest product).
        model.backward(opts.loss.backward(), { inputGrad: false });

        classification = isClassification(logits, y);
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
            step, epoch, loss, learningRate: lr, parameter, recentLosses: [...recentLosses],
            layer: parameter === null ? null : layerNameOf(model, params[bad]),
          });
        }
        recentLosses.push(loss);
        if (recentLosses.length > RECENT_LOSSES) recentLosses.shift();

        opts.optimizer.step();

        const accuracy = classification ? values[StepStats.ACCURACY] : null;
        lossSum += loss * size;
        rightSum += (accuracy ?? 0) * size;
        seen += size;
        if (sampling) {
          const sample = monitor.read(values, stats.extraBase, (i) => stats.gradSq(values, i), step, epoch);
          history.gradFlow.push(sample);
          for (const cb of callbacks) await cb.onGradFlow?.(sample, ctx);
        }
        const log: BatchLog = { epoch, batch: batch++, step, loss, accuracy, lr, size, seen };
        for (const cb of callbacks) await cb.onBatchEnd?.(log, ctx);
        if (history.stopReason !== null) break;
        await breathe();
      }
      const trainSeconds = (now() - start) / 1000;
      const val = opts.validation ? await evaluate(model, opts.validation, { loss: opts.loss, batchSize: Math.max(opts.batchSize, 256) }) : null;
      history.validation = val;
      const log: EpochLog = {
        epoch,
        loss: seen > 0 ? lossSum / seen : NaN,
        accuracy: classification && seen > 0 ? rightSum / seen : null,
        valLoss: val?.loss ?? null,
        valAccuracy: val?.accuracy ?? null,
        lr: opts.optimizer.lr,
        samples: seen,
        seconds: (now() - start) / 1000,
        trainSeconds,
        samplesPerSecond: trainSeconds > 0 ? seen / trainSeconds : 0,
      };
      history.epochs.push(log);
      for (const cb of callbacks) await cb.onEpochEnd?.(log, ctx);
    }
    for (const cb of callbacks) await cb.onTrainEnd?.(ctx);
  } finally {
    stats.dispose();
  }
  return history;
}

function validateFitOptions(o: FitOptions): void {
  const positiveInt = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`fit: ${name} must be a positive integer, got ${v}`);
  };
  positiveInt("epochs", o.epochs);
  positiveInt("batchSize", o.batchSize);
  if (o.gradFlow) positiveInt("gradFlow.every", o.gradFlow.every);
  if (o.data.size < 1) throw new RangeError("fit: the training dataset is empty");
}

/** The layer owning a parameter: found among the model's layers, else the name before the last dot. */
function layerNameOf(model: Model, param: { name: string }): string {
  const owner = leafLayers(model)?.find((l) => l.parameters().some((p) => p === param));
  if (owner) return owner.name;
  const dot = param.name.lastIndexOf(".");
  return dot > 0 ? param.name.slice(0, dot) : param.name;
}

function now(): number {
  return globalThis.performance.now();
}
