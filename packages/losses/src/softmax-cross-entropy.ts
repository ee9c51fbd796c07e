import { ShapeError, type Backend, type DataId, type Tensor } from "@chainrule/tensor";
import { FusedLoss } from "./fused-loss.js";
import { TargetError } from "./target-error.js";

/**
 * Options of {@link SoftmaxCrossEntropy}.
 *
 * @example
 * const opts: SoftmaxCrossEntropyOptions = { labelSmoothing: 0.1 };
 */
export interface SoftmaxCrossEntropyOptions {
  /** Label smoothing ε in [0, 1): the target becomes (1 − ε)·target + ε/classes. Default 0. */
  labelSmoothing?: number;
}

/**
 * Cross-entropy of softmax(logits) against a target distribution q, averaged over the batch:
 * L = −(1/B) Σ_b Σ_c q_bc · log softmax(x_b)_c, and ∂L/∂x_bc = (softmax(x_b)_c − q_bc)/B
 * (for q summing to one). Logits are [batch, classes]; targets are either [batch] class indices
 * (stored as numbers) or [batch, classes] one-hot rows / probabilities. The kernel subtracts the row
 * maximum first, so logits of any size stay finite.
 *
 * A class index that is not an integer in [0, classes) (1.5, −1, 10 for 10 classes, NaN) makes the
 * loss NaN and that row's gradient NaN on every backend, so it can never pass as some class;
 * `fit` and `evaluate` then call {@link SoftmaxCrossEntropy.checkTargets}, which names the row.
 *
 * @example
 * const ce = new SoftmaxCrossEntropy({ labelSmoothing: 0.1 });
 * const loss = ce.forward(logits, labels); // logits [64, 10], labels [64] of 0..9
 * model.backward(ce.backward());
 */
export class SoftmaxCrossEntropy extends FusedLoss {
  readonly name = "softmaxCrossEntropy";
  readonly labelSmoothing: number;
  /** Classes of the last forward's logits. */
  private classes: number | null = null;

  constructor(opts: SoftmaxCrossEntropyOptions = {}) {
    super();
    const eps = opts.labelSmoothing ?? 0;
    if (!(eps >= 0 && eps < 1)) throw new RangeError(`${this.name}: labelSmoothing must be in [0, 1), got ${eps}`);
    this.labelSmoothing = eps;
  }

  protected checkShapes(logits: Tensor, target: Tensor): void {
    if (logits.rank !== 2) {
      throw new ShapeError(this.name, "logits [batch, classes]", logits.shape, "flatten the model's output to [batch, classes] before the loss");
    }
    const [batch, classes] = logits.shape;
    const sparse = target.rank === 1 && target.shape[0] === batch;
    const dense = target.rank === 2 && target.shape[0] === batch && target.shape[1] === classes;
    if (!sparse && !dense) {
      throw new ShapeError(
        this.name, `targets [${batch}] of class indices or [${batch}, ${classes}] of one-hot rows for logits [${batch}, ${classes}]`,
        target.shape, "targets need one entry (or row) per example and, when one-hot, one column per class",
      );
    }
  }

  /**
   * Throws a {@link TargetError} for the first class index in `target` that is not an integer in
   * [0, classes); one-hot / probability targets are not checked. Reads the targets back.
   */
  async checkTargets(target: Tensor, where = ""): Promise<void> {
    if (target.rank !== 1) return;
    const classes = this.classes;
    if (classes === null) throw new Error(`${this.name}: checkTargets() needs a forward() first, to know the number of classes`);
    const values = await target.data();
    for (let row = 0; row < target.size; row++) {
      const v = values[row];
      if (!(Number.isInteger(v) && v >= 0 && v < classes)) throw new TargetError(this.name, row, v, classes, where);
    }
  }

  protected compute(backend: Backend, logits: Tensor, target: Tensor, loss: DataId, grad: DataId): void {
    const [rows, cols] = logits.shape;
    this.classes = cols;
    backend.softmaxCrossEntropy(logits.dataId, target.dataId, loss, grad, { rows, cols, sparse: target.rank === 1, smoothing: this.labelSmoothing });
  }
}
