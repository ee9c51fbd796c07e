import { ShapeError, type Parameter, type Shape, type Tensor } from "@chainrule/tensor";
import { BaseLayer, type LayerOptions } from "./base-layer.js";
import type { LayerConfig } from "./layer.js";
import { showValue } from "./layer-options.js";

/**
 * Options of {@link BatchNorm}.
 *
 * @example
 * new BatchNorm({ momentum: 0.01, eps: 1e-3 } satisfies BatchNormOptions);
 */
export interface BatchNormOptions extends LayerOptions {
  /** Weight of the newest batch in the running statistics, PyTorch's convention (default 0.1). */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
}

/**
 * Batch normalisation over the last axis: the features of a flat input [B, F], the channels of an
 * NHWC image [B, H, W, C]. Statistics run over the other axes, i.e. over the N = B (or B·H·W) rows
 * of the [N, C] view. Parameters are named as in PyTorch (`weight` = γ, `bias` = β), and so is the
 * state: `running_mean`, `running_var`.
 *
 * Forward (training), per column c:
 *   μ = (1/N) Σ_r x[r],   σ² = (1/N) Σ_r (x[r] − μ)²,   x̂ = (x − μ) / √(σ² + ε),   y = γ·x̂ + β
 *   running_mean ← (1 − m)·running_mean + m·μ;   running_var ← (1 − m)·running_var + m·σ²·N/(N − 1)
 * Forward (inference): y = γ·(x − running_mean) / √(running_var + ε) + β
 *
 * Backward (training): dβ = Σ_r dy,  dγ = Σ_r dy·x̂.  x̂ depends on x directly and through μ and σ²;
 * with ∂μ/∂x[r] = 1/N and ∂σ²/∂x[r] = 2(x[r] − μ)/N the three paths sum to
 *   dx = γ / (N·√(σ² + ε)) · (N·dy − dβ − x̂·dγ)
 * Backward (inference): the running statistics are constants, so y is affine in x:
 *   dx = dy·γ/√(running_var + ε),   dγ = Σ_r dy·x̂,   dβ = Σ_r dy,   x̂ = (x − running_mean)/√(running_var + ε)
 * Gradients accumulated in training over k batches (`backward(dy, { accumulate: true })`) each use
 * their own batch's μ and σ², so they differ from those of one batch k times larger (as in PyTorch).
 *
 * @example
 * new Sequential([new Conv2D({ filters: 8, kernelSize: 3 }), new BatchNorm({ name: "bn1" }), new ReLU()], { inputShape: [28, 28, 1] });
 */
export class BatchNorm extends BaseLayer {
  readonly type = "BatchNorm";
  readonly momentum: number;
  readonly eps: number;
  private x: Tensor | null = null;
  private trained = false;

  constructor(opts: BatchNormOptions = {}) {
    super(opts);
    this.momentum = opts.momentum ?? 0.1;
    this.eps = opts.eps ?? 1e-5;
    if (typeof this.momentum !== "number" || !(this.momentum >= 0 && this.momentum <= 1)) {
      throw new RangeError(`BatchNorm: momentum must be a number in [0, 1], got ${showValue(this.momentum)}`);
    }
    if (typeof this.eps !== "number" || !(this.eps > 0)) throw new RangeError(`BatchNorm: eps must be a positive number, got ${showValue(this.eps)}`);
  }

  protected setup(inputShape: Shape): Shape {
    if (inputShape.length !== 1 && inputShape.length !== 3) {
      throw new ShapeError(this.label, "samples of shape [features] or [height, width, channels]", inputShape);
    }
    const c = inputShape[inputShape.length - 1];
    this.declareParameter("weight", [c], "ones");
    this.declareParameter("bias", [c], "zeros");
    this.declareState("running_mean", [c], "zeros");
    this.declareState("running_var", [c], "ones");
    return inputShape;
  }

  protected forwardPass(x: Tensor, training: boolean): Tensor {
    const b = x.backend;
    const cols = x.shape[x.rank - 1];
    const rows = x.size / cols;
    const [gamma, beta] = this.affine();
    const [runMean, runVar] = this.running();
    const y = this.cache.get("y", x.shape, b);
    if (training && rows < 2) {
      // One value per channel has variance 0: x̂ = 0, y = β whatever x is, and a zero gradient (PyTorch refuses it too).
      throw new ShapeError(`${this.label} in training`, "more than one value per channel (batch·height·width ≥ 2)", x.shape, "train with batches of 2 or more, or call forward with training = false");
    }
    if (training) {
      const mean = this.cache.get("mean", [cols], b);
      const invStd = this.cache.get("invStd", [cols], b);
      b.batchNormTrain(x.dataId, gamma.value.dataId, beta.value.dataId, y.dataId, mean.dataId, invStd.dataId, runMean.dataId, runVar.dataId, {
        rows, cols, eps: this.eps, momentum: this.momentum,
      });
    } else {
      b.batchNormInfer(x.dataId, gamma.value.dataId, beta.value.dataId, runMean.dataId, runVar.dataId, y.dataId, { rows, cols, eps: this.eps });
    }
    this.x = x;
    this.trained = training;
    return y;
  }

  protected backwardPass(dy: Tensor): Tensor {
    const x = this.x as Tensor;
    const b = x.backend;
    const cols = x.shape[x.rank - 1];
    const rows = x.size / cols;
    const [gamma, beta] = this.affine();
    const [runMean, runVar] = this.running();
    const dx = this.cache.get("dx", x.shape, b);
    if (this.trained) {
      const mean = this.cache.get("mean", [cols], b);
      const invStd = this.cache.get("invStd", [cols], b);
      b.batchNormBackward(x.dataId, dy.dataId, gamma.value.dataId, mean.dataId, invStd.dataId, dx.dataId, gamma.grad.dataId, beta.grad.dataId, {
        rows, cols, eps: this.eps,
      });
      return dx;
    }
    // No kernel below writes storage one of its inputs uses (the in-place rule of Backend: a GPU
    // cannot bind one buffer twice), so the steps alternate between two [cols] buffers, and dx
    // serves as scratch before it gets its value. The factor 1/√(running_var + ε) of x̂ is constant
    // over rows, so it multiplies the sum: dγ = (Σ_r dy·(x − running_mean)) / √(running_var + ε).
    const m = [rows, cols];
    const c = [cols];
    const invStd = this.cache.get("running invStd", c, b);
    const column = this.cache.get("column scratch", c, b);
    const centered = this.cache.get("centered", x.shape, b);
    b.binaryScalar("add", runVar.dataId, this.eps, invStd.dataId, cols);
    b.unary("sqrt", invStd.dataId, column.dataId, cols);
    b.unary("reciprocal", column.dataId, invStd.dataId, cols); //                               1/√(running_var + ε)
    b.binary("sub", x.dataId, m, runMean.dataId, c, centered.dataId, m); //                    x − running_mean
    b.binary("mul", dy.dataId, m, centered.dataId, m, dx.dataId, m);
    b.reduce("sum", dx.dataId, m, [0], column.dataId); //                                       Σ dy·(x − running_mean)
    b.binary("mul", column.dataId, c, invStd.dataId, c, gamma.grad.dataId, c); //               dγ = Σ dy·x̂
    b.reduce("sum", dy.dataId, m, [0], beta.grad.dataId); //                                    dβ = Σ dy
    b.binary("mul", invStd.dataId, c, gamma.value.dataId, c, column.dataId, c); //              γ/√(running_var + ε)
    b.binary("mul", dy.dataId, m, column.dataId, c, dx.dataId, m); //                           dx = dy·γ/√(running_var + ε)
    return dx;
  }

  /** γ and β. */
  private affine(): [Parameter, Parameter] {
    return [this.parameter("weight") as Parameter, this.parameter("bias") as Parameter];
  }

  /** The running mean and variance. */
  private running(): [Tensor, Tensor] {
    return [this.stateTensor("running_mean") as Tensor, this.stateTensor("running_var") as Tensor];
  }

  config(): LayerConfig {
    return { type: this.type, name: this.name, momentum: this.momentum, eps: this.eps };
  }
}
