import type { Tensor } from "@chainrule/tensor";

/**
 * A loss compares a batch of predictions with targets. `forward` returns a one-element tensor
 * holding the mean loss (on the device: read it once per step at most); `backward` returns
 * ∂loss/∂pred for the last forward. Both tensors belong to the loss and are reused.
 *
 * @example
 * const loss: Loss = new SoftmaxCrossEntropy();
 * const value = loss.forward(logits, labels); // [1] tensor; `await value.data()` to read it
 * const dlogits = loss.backward();
 */
export interface Loss {
  readonly name: string;
  forward(pred: Tensor, target: Tensor): Tensor;
  backward(): Tensor;
  /**
   * Reads `target` back and throws a `TargetError` naming the first value this loss cannot
   * use. Costs a device read: `fit` and `evaluate` call it only when a loss came out NaN.
   */
  checkTargets?(target: Tensor, where?: string): Promise<void>;
}
