import { higherIsBetter, monitoredValue, type Callback, type Monitor } from "./callback.js";

/** Options of {@link earlyStopping}. */
export interface EarlyStoppingOptions {
  /** What to watch (default "valLoss"). */
  monitor?: Monitor;
  /** Epochs without improvement before stopping (default 3). */
  patience?: number;
  /** Smallest change that counts as an improvement (default 0). */
  minDelta?: number;
}

/**
 * Stops training when `monitor` has not improved by more than `minDelta` for `patience` epochs.
 *
 * @example
 * await fit(model, { ..., validation, callbacks: [earlyStopping({ patience: 2 })] });
 */
export function earlyStopping(opts: EarlyStoppingOptions = {}): Callback {
  const monitor = opts.monitor ?? "valLoss";
  const patience = opts.patience ?? 3;
  const minDelta = opts.minDelta ?? 0;
  if (!Number.isInteger(patience) || patience < 1) throw new RangeError(`earlyStopping: patience must be a positive integer, got ${patience}`);
  if (!(minDelta >= 0)) throw new RangeError(`earlyStopping: minDelta must be ≥ 0, got ${minDelta}`);
  const sign = higherIsBetter(monitor) ? 1 : -1;
  let best = -Infinity;
  let waited = 0;
  return {
    onTrainBegin() {
      best = -Infinity;
      waited = 0;
    },
    onEpochEnd(log, ctx) {
      // Compare in "higher is better" form: score = sign · value.
      const score = sign * monitoredValue(log, monitor);
      if (score > best + minDelta) {
        best = score;
        waited = 0;
      } else if (++waited >= patience) {
        ctx.stop(`early stopping: ${monitor} did not improve for ${patience} epoch${patience === 1 ? "" : "s"} (best ${sign * best})`);
      }
    },
  };
}
