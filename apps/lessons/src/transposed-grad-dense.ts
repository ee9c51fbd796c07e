import { Dense } from "@chainrule/layers";
import type { Parameter, Tensor } from "@chainrule/tensor";

/**
 * A Dense layer with the one-`.T` bug, for the gradcheck lesson: its weight gradient comes out
 * transposed, dW = (xᵀ·dy)ᵀ = dyᵀ·x instead of xᵀ·dy. With a square weight (as many units as
 * inputs) the wrong gradient has the right shape, so no shape check notices; training with it
 * quietly goes wrong. Everything else (forward, dx, db) is Dense's own.
 *
 * @example
 * gradcheck(() => new TransposedGradDense({ units: 4 }), x); // fails on the weight: x is [batch, 4]
 */
export class TransposedGradDense extends Dense {
  protected override backwardPass(dy: Tensor, inputGrad: boolean): Tensor | null {
    const dx = super.backwardPass(dy, inputGrad);
    const w = this.parameter("weight") as Parameter;
    const [rows, cols] = w.shape;
    const g = w.grad.dataSync();
    const t = new Float64Array(g.length);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = g[i * cols + j];
    w.grad.backend.write(w.grad.dataId, t);
    return dx;
  }
}
