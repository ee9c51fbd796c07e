/**
 * A learning-rate schedule: the rate for a 0-based step (the number of updates taken before it).
 * Plain functions, so they compose; a loop applies one with `opt.lr = schedule(opt.steps)` before
 * each `opt.step()`.
 *
 * @example
 * const schedule: LrSchedule = (step) => 0.1 / (1 + step / 1000);
 */
export type LrSchedule = (step: number) => number;
