import { ShapeError, type Shape, type Tensor } from "@chainrule/tensor";
import { BaseLayer } from "./base-layer.js";
import type { LayerConfig } from "./layer.js";

/**
 * Softmax over the last axis: turns each row of scores into probabilities. (To train a classifier
 * use the fused softmax cross-entropy loss on the logits instead: it is cheaper and more stable.)
 *
 * Forward, for each row:   y_i = e^(x_i − m) / Σ_j e^(x_j − m),   m = max_j x_j
 * Backward:  ∂y_j/∂x_i = y_j·(δ_ij − y_i), so
 *            dx_i = Σ_j dy_j·y_j·(δ_ij − y_i) = y_i·(dy_i − Σ_j dy_j·y_j)
 *
 * @example
 * const probs = new Softmax().forward(logits, false); // rows sum to 1
 */
export class Softmax extends BaseLayer {
  readonly type = "Softmax";

  protected setup(inputShape: Shape): Shape {
    if (inputShape.length === 0) {
      throw new ShapeError(this.label, "samples with at least one axis (the classes)", inputShape, "it normalises the last axis of each sample, which a scalar sample lacks");
    }
    return inputShape;
  }

  protected forwardPass(x: Tensor): Tensor {
    const cols = x.shape[x.rank - 1];
    const y = this.cache.get("y", x.shape, x.backend);
    x.backend.softmax(x.dataId, y.dataId, x.size / cols, cols);
    return y;
  }

  protected backwardPass(dy: Tensor): Tensor {
    const y = this.output as Tensor;
    const b = dy.backend;
    const cols = dy.shape[dy.rank - 1];
    const rows = dy.size / cols;
    const matrix = [rows, cols];
    // No kernel writes storage one of its inputs uses (the in-place rule of Backend: a GPU cannot
    // bind one buffer twice), so dy ⊙ y, then dy − Σ, go to a scratch buffer of the layer's own.
    const dx = this.cache.get("dx", dy.shape, b);
    const scratch = this.cache.get("scratch", dy.shape, b);
    const dots = this.cache.get("dots", [rows, 1], b);
    b.binary("mul", dy.dataId, matrix, y.dataId, matrix, scratch.dataId, matrix); //            dy ⊙ y
    b.reduce("sum", scratch.dataId, matrix, [1], dots.dataId); //                               Σ_j dy_j·y_j per row
    b.binary("sub", dy.dataId, matrix, dots.dataId, [rows, 1], scratch.dataId, matrix); //      dy − Σ
    b.binary("mul", scratch.dataId, matrix, y.dataId, matrix, dx.dataId, matrix); //            y ⊙ (dy − Σ)
    return dx;
  }

  config(): LayerConfig {
    return { type: this.type, name: this.name };
  }
}
