import type { LrSchedule } from "./lr-schedule.js";
import { checkOption, checkPositive } from "./options.js";

/**
 * Options of {@link oneCycle}.
 *
 * @example
 * const opts: OneCycleOptions = { totalSteps: 5_000, pctStart: 0.25 };
 */
export interface OneCycleOptions {
  /** Length of the whole cycle in steps. */
  totalSteps: number;
  /** Fraction of the cycle spent rising (default 0.3). */
  pctStart?: number;
  /** The cycle starts at maxLr / divFactor (default 25). */
  divFactor?: number;
  /** It ends at maxLr / (divFactor · finalDivFactor) (default 1e4). */
  finalDivFactor?: number;
}

/** Cosine from a to b as pct goes 0 → 1. */
function cosineBetween(a: number, b: number, pct: number): number {
  return b + ((a - b) * (1 + Math.cos(Math.PI * pct))) / 2;
}

/**
 * The one-cycle policy (Smith), as PyTorch's OneCycleLR with cosine annealing: a cosine rise from
 * maxLr/divFactor to maxLr until step pctStart·T − 1, then a cosine fall to
 * maxLr/(divFactor·finalDivFactor) at step T − 1; held there afterwards.
 *
 * @example
 * const schedule = oneCycle(0.1, { totalSteps: 5_000 });
 */
export function oneCycle(maxLr: number, opts: OneCycleOptions): LrSchedule {
  checkOption("oneCycle", "maxLr", maxLr, 0);
  const total = checkOption("oneCycle", "totalSteps", opts.totalSteps, 2);
  const pctStart = checkOption("oneCycle", "pctStart", opts.pctStart ?? 0.3, 0, 1);
  const startLr = maxLr / checkPositive("oneCycle", "divFactor", opts.divFactor ?? 25);
  const endLr = startLr / checkPositive("oneCycle", "finalDivFactor", opts.finalDivFactor ?? 1e4);
  const peak = pctStart * total - 1;
  const last = total - 1;
  if (!(peak > 0 && peak < last)) throw new RangeError(`oneCycle: pctStart · totalSteps must leave at least one step to rise and one to fall, got peak step ${peak} of ${last}`);
  return (step) => {
    if (step <= peak) return cosineBetween(startLr, maxLr, step / peak);
    return cosineBetween(maxLr, endLr, (Math.min(step, last) - peak) / (last - peak));
  };
}
