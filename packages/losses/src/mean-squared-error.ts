import { ShapeError, shapesEqual, type Backend, type DataId, type Tensor } from "@chainrule/tensor";
import { FusedLoss } from "./fused-loss.js";

/**
 * Mean squared error over every element: L = (1/n) Σ (p − t)², so ∂L/∂p = 2·(p − t)/n.
 * Target has the prediction's shape.
 *
 * @example
 * const mse = new MeanSquaredError();
 * const loss = mse.forward(pred, target); // [1] tensor on the device
 * model.backward(mse.backward());
 */
export class MeanSquaredError extends FusedLoss {
  readonly name = "meanSquaredError";

  protected checkShapes(pred: Tensor, target: Tensor): void {
    if (!shapesEqual(pred.shape, target.shape)) {
      throw new ShapeError(this.name, `a target shaped like the prediction [${pred.shape.join(", ")}]`, target.shape, "pred and target must have the same shape");
    }
  }

  protected compute(backend: Backend, pred: Tensor, target: Tensor, loss: DataId, grad: DataId): void {
    backend.meanSquaredError(pred.dataId, target.dataId, loss, grad, pred.size);
  }
}
