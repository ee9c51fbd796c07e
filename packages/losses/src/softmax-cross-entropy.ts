import { ShapeError, type Backend, type DataId, type Tensor } from "@chainrule/tensor";
import { FusedLoss } from "./fused-loss.js";

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
 * Class indices are not range-checked: that would mean reading the targets back from the device.
 *
 * @example
 * const ce = new SoftmaxCrossEntropy({ labelSmoothing: 0.1 });
 * const loss = ce.forward(logits, labels); // logits [64, 10], labels [64] of 0..9
 * model.backward(ce.backward());
 */
export class SoftmaxCrossEntropy extends FusedLoss {
  readonly name = "softmaxCrossEntropy";
  readonly labelSmoothing: number;

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

  protected compute(backend: Backend, logits: Tensor, target: Tensor, loss: DataId, grad: DataId): void {
    const [rows, cols] = logits.shape;
    backend.softmaxCrossEntropy(logits.dataId, target.dataId, loss, grad, { rows, cols, sparse: target.rank === 1, smoothing: this.labelSmoothing });
  }
}
