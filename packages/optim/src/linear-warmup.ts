import type { LrSchedule } from "./lr-schedule.js";
import { checkOption } from "./options.js";

/**
 * Ramps the rate up linearly for `warmupSteps` steps, then hands over to `then` (a schedule or a
 * constant), which sees its steps counted from the end of the warm-up:
 * step < W: lr = then(0) · (step + 1) / W; otherwise lr = then(step − W).
 * The ramp starts at then(0)/W rather than 0 so the first update is not wasted.
 *
 * @example
 * const schedule = linearWarmup(500, cosineDecay(1e-3, { totalSteps: 9_500 }));
 */
export function linearWarmup(warmupSteps: number, then: LrSchedule | number): LrSchedule {
  checkOption("linearWarmup", "warmupSteps", warmupSteps, 0);
  if (typeof then === "number") checkOption("linearWarmup", "then", then, 0);
  const after: LrSchedule = typeof then === "number" ? () => then : then;
  return (step) => (step < warmupSteps ? (after(0) * (step + 1)) / warmupSteps : after(step - warmupSteps));
}
