import { backendOf, empty, shapesEqual, type Backend, type DataId, type Tensor } from "@chainrule/tensor";
import type { Loss } from "./loss.js";

/**
 * What the losses share: one fused backend kernel computes the mean loss and ∂loss/∂pred in a single
 * pass during `forward`, so `backward` only hands back the gradient. The loss owns both tensors and
 * reuses them while the prediction's shape and backend stay the same, so a training step allocates
 * nothing here. They are owned by the loss (out of any enclosing `tidy`, and disposing one is an
 * error that says so), since they outlive the call.
 *
 * @example
 * class L1 extends FusedLoss {
 *   readonly name = "l1";
 *   protected checkShapes() {}
 *   protected compute(b: Backend, p: Tensor, t: Tensor, loss: DataId, grad: DataId) { ... }
 * }
 */
export abstract class FusedLoss implements Loss {
  abstract readonly name: string;
  private value: Tensor | null = null;
  private grad: Tensor | null = null;

  /** The mean loss as a one-element tensor on pred's backend; also computes the gradient for {@link backward}. */
  forward(pred: Tensor, target: Tensor): Tensor {
    this.checkShapes(pred, target);
    const backend = backendOf(this.name, pred, target);
    if (this.value?.backend !== backend) {
      this.value?.disown().dispose();
      this.value = empty([1], backend).own(`loss '${this.name}' (its value, reused by the next call)`);
    }
    if (!this.grad || this.grad.backend !== backend || !shapesEqual(this.grad.shape, pred.shape)) {
      this.grad?.disown().dispose();
      this.grad = empty(pred.shape, backend).own(`loss '${this.name}' (its gradient, reused by the next call)`);
    }
    this.compute(backend, pred, target, this.value.dataId, this.grad.dataId);
    return this.value;
  }

  /** ∂loss/∂pred for the last forward, shaped like pred; owned by the loss and overwritten by the next forward. */
  backward(): Tensor {
    if (!this.grad) throw new Error(`${this.name}: backward() was called before forward()`);
    return this.grad;
  }

  /** Frees the loss and gradient tensors; the next forward makes new ones. */
  dispose(): void {
    this.value?.disown().dispose();
    this.grad?.disown().dispose();
    this.value = null;
    this.grad = null;
  }

  /** Throws a ShapeError when pred and target do not fit this loss. */
  protected abstract checkShapes(pred: Tensor, target: Tensor): void;

  /** Runs the fused kernel: loss[0] = mean loss, grad = ∂loss/∂pred. */
  protected abstract compute(backend: Backend, pred: Tensor, target: Tensor, loss: DataId, grad: DataId): void;
}
