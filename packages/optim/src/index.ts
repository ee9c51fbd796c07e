/**
 * Optimizers (SGD, Adam, AdamW, RMSProp) that update each `Parameter` in place on its own backend,
 * learning-rate schedules, and gradient clipping.
 *
 * @module @chainrule/optim
 */
export { Adam, type AdamOptions } from "./adam.js";
export { AdamW } from "./adamw.js";
export { BaseOptimizer } from "./base-optimizer.js";
export { clipGradNorm, clipGradNormSync } from "./clip-grad-norm.js";
export {
  cosineDecay, exponentialDecay, stepDecay, type CosineDecayOptions, type ExponentialDecayOptions, type StepDecayOptions,
} from "./decay-schedules.js";
export { linearWarmup } from "./linear-warmup.js";
export type { LrSchedule } from "./lr-schedule.js";
export { oneCycle, type OneCycleOptions } from "./one-cycle.js";
export type { Optimizer } from "./optimizer.js";
export { RMSProp, type RmspropOptions } from "./rmsprop.js";
export { SGD, type SgdOptions } from "./sgd.js";
