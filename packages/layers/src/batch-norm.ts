import { empty, getBackend, keep, ShapeError, type Parameter, type Shape, type Tensor } from "@chainrule/tensor";
import { BaseLayer, type LayerOptions } from "./base-layer.js";
import type { LayerConfig, NamedTensor } from "./layer.js";

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
 *
 * @example
 * new Sequential([new Conv2D({ filters: 8, kernelSize: 3 }), new BatchNorm({ name: "bn1" }), new ReLU()], { inputShape: [28, 28, 1] });
 */
export class BatchNorm extends BaseLayer {
  readonly type = "BatchNorm";
  readonly momentum: number;
  readonly eps: number;
  private gamma: Parameter | null = null;
  private beta: Parameter | null = null;
  private runningMean: Tensor | null = null;
  private runningVar: Tensor | null = null;
  private x: Tensor | null = null;
  private trained = false;

  constructor(opts: BatchNormOptions = {}) {
    super(opts);
    this.momentum = opts.momentum ?? 0.1;
    this.eps = opts.eps ?? 1e-5;
    if (!(this.momentum >= 0 && this.momentum <= 1)) throw new RangeError(`BatchNorm: momentum must be in [0, 1], got ${this.momentum}`);
    if (!(this.eps > 0)) throw new RangeError(`BatchNorm: eps must be positive, got ${this.eps}`);
  }

  protected setup(inputShape: Shape): Shape {
    if (inputShape.length !== 1 && inputShape.length !== 3) {
      throw new ShapeError(this.label, "samples of shape [features] or [height, width, channels]", inputShape);
    }
    const c = inputShape[inputShape.length - 1];
    this.gamma = this.makeParameter("weight", [c], "ones");
    this.beta = this.makeParameter("bias", [c], "zeros");
    const backend = getBackend();
    this.runningMean = keep(empty([c], backend));
    this.runningVar = keep(empty([c], backend));
    backend.fill(this.runningVar.dataId, 1, c);
    return inputShape;
  }

  protected forwardPass(x: Tensor, training: boolean): Tensor {
    const b = x.backend;
    const cols = x.shape[x.rank - 1];
    const rows = x.size / cols;
    const [gamma, beta] = [this.gamma as Parameter, this.beta as Parameter];
    const [runMean, runVar] = [this.runningMean as Tensor, this.runningVar as Tensor];
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
    const [gamma, beta] = [this.gamma as Parameter, this.beta as Parameter];
    const dx = this.cache.get("dx", x.shape, b);
    if (this.trained) {
      const mean = this.cache.get("mean", [cols], b);
      const invStd = this.cache.get("invStd", [cols], b);
      b.batchNormBackward(x.dataId, dy.dataId, gamma.value.dataId, mean.dataId, invStd.dataId, dx.dataId, gamma.grad.dataId, beta.grad.dataId, {
        rows, cols, eps: this.eps,
      });
      return dx;
    }
    const m = [rows, cols];
    const c = [cols];
    const scale = this.cache.get("scale", c, b);
    const xhat = this.cache.get("xhat", x.shape, b);
    b.binaryScalar("add", (this.runningVar as Tensor).dataId, this.eps, scale.dataId, cols);
    b.unary("sqrt", scale.dataId, scale.dataId, cols);
    b.unary("reciprocal", scale.dataId, scale.dataId, cols); //                           1/√(running_var + ε)
    b.binary("sub", x.dataId, m, (this.runningMean as Tensor).dataId, c, xhat.dataId, m);
    b.binary("mul", xhat.dataId, m, scale.dataId, c, xhat.dataId, m); //                   x̂
    b.binary("mul", dy.dataId, m, xhat.dataId, m, xhat.dataId, m);
    b.reduce("sum", xhat.dataId, m, [0], gamma.grad.dataId); //                              dγ = Σ dy·x̂
    b.reduce("sum", dy.dataId, m, [0], beta.grad.dataId); //                                 dβ = Σ dy
    b.binary("mul", scale.dataId, c, gamma.value.dataId, c, scale.dataId, c);
    b.binary("mul", dy.dataId, m, scale.dataId, c, dx.dataId, m); //                        dx = dy·γ/√(running_var + ε)
    return dx;
  }

  override parameters(): Parameter[] {
    return [this.gamma, this.beta].filter((p): p is Parameter => p !== null);
  }

  /** The running statistics, `${name}.running_mean` and `${name}.running_var`. */
  override buffers(): NamedTensor[] {
    if (!this.runningMean || !this.runningVar) return [];
    return [{ name: `${this.name}.running_mean`, tensor: this.runningMean }, { name: `${this.name}.running_var`, tensor: this.runningVar }];
  }

  config(): LayerConfig {
    return { type: this.type, name: this.name, momentum: this.momentum, eps: this.eps };
  }
}
