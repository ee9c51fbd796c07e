import type { LrSchedule } from "./lr-schedule.js";
import { checkOption, checkPositive } from "./options.js";

/**
 * Options of {@link stepDecay}.
 *
 * @example
 * const opts: StepDecayOptions = { stepSize: 1000, gamma: 0.5 };
 */
export interface StepDecayOptions {
  /** Steps between two drops. */
  stepSize: number;
  /** Factor of each drop (default 0.1). */
  gamma?: number;
}

/**
 * Drops the rate by `gamma` every `stepSize` steps: lr = initialLr · gamma^⌊step / stepSize⌋ (PyTorch's StepLR).
 *
 * @example
 * const schedule = stepDecay(0.1, { stepSize: 1000, gamma: 0.5 }); // 0.1, then 0.05 from step 1000
 */
export function stepDecay(initialLr: number, opts: StepDecayOptions): LrSchedule {
  checkOption("stepDecay", "initialLr", initialLr, 0);
  const stepSize = checkOption("stepDecay", "stepSize", opts.stepSize, 1);
  const gamma = checkOption("stepDecay", "gamma", opts.gamma ?? 0.1, 0);
  return (step) => initialLr * Math.pow(gamma, Math.floor(step / stepSize));
}

/**
 * Options of {@link exponentialDecay}.
 *
 * @example
 * const opts: ExponentialDecayOptions = { rate: 0.96, decaySteps: 100 };
 */
export interface ExponentialDecayOptions {
  /** Factor applied every `decaySteps` steps. */
  rate: number;
  /** Steps over which the rate falls by `rate` (default 1: PyTorch's ExponentialLR with gamma = rate). */
  decaySteps?: number;
}

/**
 * Smooth exponential decay: lr = initialLr · rate^(step / decaySteps).
 *
 * @example
 * const schedule = exponentialDecay(0.01, { rate: 0.5, decaySteps: 2000 }); // halves every 2000 steps
 */
export function exponentialDecay(initialLr: number, opts: ExponentialDecayOptions): LrSchedule {
  checkOption("exponentialDecay", "initialLr", initialLr, 0);
  const rate = checkOption("exponentialDecay", "rate", opts.rate, 0);
  const decaySteps = checkPositive("exponentialDecay", "decaySteps", opts.decaySteps ?? 1);
  return (step) => initialLr * Math.pow(rate, step / decaySteps);
}

/**
 * Options of {@link cosineDecay}.
 *
 * @example
 * const opts: CosineDecayOptions = { totalSteps: 10_000, minLr: 1e-5 };
 */
export interface CosineDecayOptions {
  /** Steps from initialLr down to minLr; the rate stays at minLr afterwards. */
  totalSteps: number;
  /** Final rate (default 0). */
  minLr?: number;
}

/**
 * Half a cosine from initialLr to minLr over totalSteps (PyTorch's CosineAnnealingLR, held at the end):
 * lr = minLr + (initialLr − minLr) · (1 + cos(π · min(step, T) / T)) / 2.
 *
 * @example
 * const schedule = cosineDecay(0.1, { totalSteps: 10_000 });
 */
export function cosineDecay(initialLr: number, opts: CosineDecayOptions): LrSchedule {
  checkOption("cosineDecay", "initialLr", initialLr, 0);
  const total = checkOption("cosineDecay", "totalSteps", opts.totalSteps, 1);
  const minLr = checkOption("cosineDecay", "minLr", opts.minLr ?? 0, 0);
  return (step) => minLr + ((initialLr - minLr) * (1 + Math.cos((Math.PI * Math.min(step, total)) / total))) / 2;
}
