/** What {@link NonFiniteError} knows about the step that went bad. */
export interface NonFiniteDetails {
  /** 1-based optimizer step (counted over the whole run) whose loss or gradient went bad. */
  step: number;
  epoch: number;
  /** The loss of that step (NaN or ±Infinity when the loss itself went bad). */
  loss: number;
  learningRate: number;
  /** First layer, in forward order, whose gradient is NaN or infinite; null when only the loss is bad. */
  layer: string | null;
  /** First parameter of that layer whose gradient is bad (e.g. "fc1.weight"). */
  parameter: string | null;
  /** Losses of the steps before, oldest first (a few), to show how it got here. */
  recentLosses: readonly number[];
}

/** Loss growth over the recent steps above which a too-large learning rate is the likely cause. */
const DIVERGENCE_RATIO = 2;

/**
 * Training stopped because the loss or a gradient became NaN or infinite. The message names the
 * step, the loss, the learning rate and the first layer whose gradient went bad, and suggests a
 * lower learning rate when the loss was climbing before it broke.
 *
 * @example
 * try { await fit(model, opts); } catch (e) { if (e instanceof NonFiniteError) console.error(e.details.layer); }
 */
export class NonFiniteError extends Error {
  readonly details: NonFiniteDetails;
  /** True when the loss grew sharply before it broke, which points at the learning rate. */
  readonly diverged: boolean;

  constructor(details: NonFiniteDetails) {
    const diverged = lossWasClimbing(details.recentLosses, details.loss);
    // Σ g² is summed in the backend's float32, so a finite but huge gradient also reads as infinite.
    const what = Number.isFinite(details.loss) ? "a gradient is not finite (NaN, or too large for float32)" : "the loss is not finite";
    const where = details.layer ? `; first bad gradient: layer '${details.layer}' (${details.parameter})` : "";
    const hint = diverged
      ? `; the loss was growing before (${details.recentLosses.map(formatLoss).join(" → ")}), so the learning rate is likely too high: try ${formatLoss(details.learningRate / 10)} or lower`
      : "; check the inputs for NaN or infinite values, or lower the learning rate";
    super(`training stopped at step ${details.step} (epoch ${details.epoch}): ${what} (loss ${formatLoss(details.loss)}, learning rate ${formatLoss(details.learningRate)})${where}${hint}`);
    this.name = "NonFiniteError";
    this.details = details;
    this.diverged = diverged;
  }
}

/** The loss climbed: the last finite loss (or an infinite one) is well above the smallest recent one. */
function lossWasClimbing(recent: readonly number[], loss: number): boolean {
  const finite = recent.filter(Number.isFinite);
  if (finite.length === 0) return false;
  const low = Math.min(...finite);
  const last = loss === Infinity ? Infinity : finite[finite.length - 1];
  return last > DIVERGENCE_RATIO * low;
}

function formatLoss(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1e6 ? v.toExponential(3) : Number(v.toPrecision(4)).toString();
}
