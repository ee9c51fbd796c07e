import { higherIsBetter, monitoredValue, type Callback, type EpochLog, type Monitor } from "./callback.js";
import type { Model } from "./model.js";

/** Options of {@link checkpointBest}. */
export interface CheckpointOptions {
  /**
   * Writes the model somewhere. Train stays browser-safe by leaving the writing to the caller:
   * in Node pass `(m) => saveModel(m, path)` from `@chainrule/layers/node` (which writes atomically).
   */
  save(model: Model, log: EpochLog): void | Promise<void>;
  /** What decides "best" (default "valLoss"). */
  monitor?: Monitor;
}

/**
 * Saves the model after every epoch that improves `monitor`, so the best one survives later
 * overfitting or a crash.
 *
 * @example
 * checkpointBest({ monitor: "valAccuracy", save: (m) => saveModel(m, "best.safetensors") });
 */
export function checkpointBest(opts: CheckpointOptions): Callback {
  const monitor = opts.monitor ?? "valLoss";
  const sign = higherIsBetter(monitor) ? 1 : -1;
  let best = -Infinity;
  return {
    onTrainBegin() {
      best = -Infinity;
    },
    async onEpochEnd(log, ctx) {
      const score = sign * monitoredValue(log, monitor);
      if (score > best) {
        best = score;
        await opts.save(ctx.model, log);
      }
    },
  };
}
