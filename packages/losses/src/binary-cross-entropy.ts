import { ShapeError, shapesEqual, type Backend, type DataId, type Tensor } from "@chainrule/tensor";
import { FusedLoss } from "./fused-loss.js";

/**
 * Binary cross-entropy from logits x (not probabilities), averaged over every element. With
 * s = sigmoid(x): L = −mean(t·log s + (1 − t)·log(1 − s)), computed stably as
 * mean(max(x, 0) − x·t + log(1 + e^−|x|)); ∂L/∂x = (s − t)/n. Targets are 0/1 labels or
 * probabilities, shaped like the logits.
 *
 * @example
 * const bce = new BinaryCrossEntropy();
 * const loss = bce.forward(logits, labels); // logits [batch, 1], labels [batch, 1] of 0 / 1
 */
export class BinaryCrossEntropy extends FusedLoss {
  readonly name = "binaryCrossEntropy";

  protected checkShapes(logits: Tensor, target: Tensor): void {
    if (!shapesEqual(logits.shape, target.shape)) {
      throw new ShapeError(
        this.name, `targets shaped like the logits [${logits.shape.join(", ")}]`, target.shape,
        "give one 0/1 label (or probability) per logit; for one-hot classes use SoftmaxCrossEntropy",
      );
    }
  }

  protected compute(backend: Backend, logits: Tensor, target: Tensor, loss: DataId, grad: DataId): void {
    backend.sigmoidCrossEntropy(logits.dataId, target.dataId, loss, grad, logits.size);
  }
}
