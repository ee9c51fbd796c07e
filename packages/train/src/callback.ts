import type { GradFlowSample } from "./grad-flow.js";
import type { Model } from "./model.js";

/** What a callback sees after each batch. */
export interface BatchLog {
  /** 0-based epoch. */
  epoch: number;
  /** 0-based batch within the epoch. */
  batch: number;
  /** 1-based optimizer step over the whole run. */
  step: number;
  /** Mean loss of this batch. */
  loss: number;
  /** Fraction of this batch classified right; null when the task is not classification. */
  accuracy: number | null;
  /** Learning rate used for this step. */
  lr: number;
  /** Samples in this batch. */
  size: number;
  /** Samples seen so far in this epoch, this batch included. */
  seen: number;
}

/** What a callback sees after each epoch; the History keeps one per epoch. */
export interface EpochLog {
  /** 0-based epoch. */
  epoch: number;
  /** Mean training loss over the epoch's batches, weighted by batch size. */
  loss: number;
  /** Training accuracy over the epoch; null when the task is not classification. */
  accuracy: number | null;
  /** Loss on the validation set after the epoch; null without one. */
  valLoss: number | null;
  valAccuracy: number | null;
  /** Learning rate of the epoch's last step. */
  lr: number;
  /** Training samples seen in the epoch. */
  samples: number;
  /** Wall-clock seconds of the epoch, validation included. */
  seconds: number;
  /** Wall-clock seconds of the training steps alone. */
  trainSeconds: number;
  /** samples / trainSeconds. */
  samplesPerSecond: number;
}

/** Names of the EpochLog numbers a callback can watch. */
export type Monitor = "loss" | "accuracy" | "valLoss" | "valAccuracy";

/** What callbacks may ask of the running fit. */
export interface TrainContext {
  readonly model: Model;
  readonly epochs: number;
  /** Batches in one epoch. */
  readonly stepsPerEpoch: number;
  /** Samples in one epoch. */
  readonly samplesPerEpoch: number;
  /**
   * Ends training after the current epoch; called from onBatchEnd (or onGradFlow) of step t, after
   * step t + 1, which was already under way (its onBatchEnd still runs).
   */
  stop(reason: string): void;
}

/**
 * Hooks into the training loop. Every hook may be async; fit awaits it.
 *
 * @example
 * const log: Callback = { onEpochEnd: (e) => console.log(e.epoch, e.loss) };
 */
export interface Callback {
  onTrainBegin?(ctx: TrainContext): void | Promise<void>;
  onEpochBegin?(epoch: number, ctx: TrainContext): void | Promise<void>;
  onBatchEnd?(log: BatchLog, ctx: TrainContext): void | Promise<void>;
  onGradFlow?(sample: GradFlowSample, ctx: TrainContext): void | Promise<void>;
  onEpochEnd?(log: EpochLog, ctx: TrainContext): void | Promise<void>;
  onTrainEnd?(ctx: TrainContext): void | Promise<void>;
}

/**
 * The value of `monitor` in an epoch log; an error says what is missing (e.g. no validation set).
 *
 * @example
 * monitoredValue(log, "valLoss"); // 0.031
 */
export function monitoredValue(log: EpochLog, monitor: Monitor): number {
  const v = log[monitor];
  if (v === null) {
    throw new Error(`callback monitors '${monitor}' but the epoch log has none${monitor.startsWith("val") ? ": pass `validation` to fit" : ": the task is not classification"}`);
  }
  return v;
}

/** Whether larger is better for a monitored value: accuracies go up, losses go down. */
export function higherIsBetter(monitor: Monitor): boolean {
  return monitor === "accuracy" || monitor === "valAccuracy";
}
