import type { BatchLog, Callback, TrainContext } from "@chainrule/train";
import type { RunReport } from "./report.js";

/** Points per epoch on the training curve. */
const POINTS_PER_EPOCH = 20;

/**
 * Records the training curve: loss and accuracy averaged over each stretch of steps (about 20 per
 * epoch), finer than the per-epoch means.
 *
 * @example
 * const curve = new CurveRecorder(); await fit(model, { ..., callbacks: [curve] }); curve.points;
 */
export class CurveRecorder implements Callback {
  readonly points: RunReport["curve"] = [];
  private every = 1;
  private loss = 0;
  private right = 0;
  private seen = 0;
  private classification = true;

  onTrainBegin(ctx: TrainContext): void {
    this.every = Math.max(1, Math.floor(ctx.stepsPerEpoch / POINTS_PER_EPOCH));
  }

  onBatchEnd(log: BatchLog): void {
    this.loss += log.loss * log.size;
    this.right += (log.accuracy ?? 0) * log.size;
    this.seen += log.size;
    this.classification = log.accuracy !== null;
    if (log.step % this.every !== 0) return;
    this.points.push({ step: log.step, loss: this.loss / this.seen, accuracy: this.classification ? this.right / this.seen : null });
    this.loss = this.right = this.seen = 0;
  }
}
