import { ShapeError, type Parameter, type Rng, type Shape, type Tensor } from "@chainrule/tensor";
import { BaseLayer, type LayerOptions } from "./base-layer.js";
import type { InitializerSpec } from "./initializers.js";
import type { LayerConfig } from "./layer.js";
import { checkedUseBias, showValue } from "./layer-options.js";

/**
 * Options of {@link Dense}.
 *
 * @example
 * new Dense({ units: 128, useBias: false, kernelInitializer: "glorotUniform", rng: new Rng(1) } satisfies DenseOptions);
 */
export interface DenseOptions extends LayerOptions {
  /** Output features. */
  units: number;
  /** Add a learned bias (default true). */
  useBias?: boolean;
  /** Weight initializer (default He normal). */
  kernelInitializer?: InitializerSpec;
  /** Bias initializer (default zeros). */
  biasInitializer?: InitializerSpec;
  /** Generator for the initial values (default the shared one, `getRng()`). */
  rng?: Rng;
}

/**
 * Fully connected layer.
 *
 * Forward, for x [B, in], W [in, out], b [out]:
 *   y[i, j] = Σ_k x[i, k]·W[k, j] + b[j]                          y = x·W + b
 *
 * Backward: y is linear in each of x, W, b, so each gradient sums dy over the outputs it feeds.
 *   ∂y[i, j]/∂W[k, j] = x[i, k]      ⇒  dW[k, j] = Σ_i x[i, k]·dy[i, j]    dW = xᵀ·dy
 *   ∂y[i, j]/∂x[i, k] = W[k, j]      ⇒  dx[i, k] = Σ_j dy[i, j]·W[k, j]    dx = dy·Wᵀ
 *   ∂y[i, j]/∂b[j]    = 1            ⇒  db[j]    = Σ_i dy[i, j]
 * dx costs a full matmul; it is skipped when backward is asked for no input gradient
 * (the first layer of a model during training).
 *
 * @example
 * const fc1 = new Dense({ units: 128, name: "fc1" });
 * fc1.build([784]);
 * const y = fc1.forward(x, true); // [batch, 128]
 */
export class Dense extends BaseLayer {
  readonly type = "Dense";
  readonly units: number;
  readonly useBias: boolean;
  private x: Tensor | null = null;

  constructor(private readonly opts: DenseOptions) {
    super(opts);
    if (!Number.isInteger(opts.units) || opts.units < 1) throw new RangeError(`Dense: units must be a positive integer, got ${showValue(opts.units)}`);
    this.units = opts.units;
    this.useBias = checkedUseBias(this.type, opts.useBias);
  }

  protected setup(inputShape: Shape): Shape {
    if (inputShape.length !== 1) {
      throw new ShapeError(this.label, "samples of shape [features]", inputShape, this.inputHint(inputShape));
    }
    const { rng } = this.opts;
    this.declareParameter("weight", [inputShape[0], this.units], this.opts.kernelInitializer ?? "heNormal", rng);
    if (this.useBias) this.declareParameter("bias", [this.units], this.opts.biasInitializer ?? "zeros", rng);
    return [this.units];
  }

  protected override inputHint(actual: Shape): string | undefined {
    return actual.length > 1 ? "add Flatten before it" : undefined;
  }

  protected forwardPass(x: Tensor): Tensor {
    const w = this.parameter("weight") as Parameter;
    const [batch, inF] = x.shape;
    const y = this.cache.get("y", [batch, this.units], x.backend);
    x.backend.matmul(x.dataId, w.value.dataId, y.dataId, { m: batch, n: this.units, k: inF, bias: this.parameter("bias")?.value.dataId ?? null });
    this.x = x;
    return y;
  }

  protected backwardPass(dy: Tensor, inputGrad: boolean): Tensor | null {
    const x = this.x as Tensor;
    const w = this.parameter("weight") as Parameter;
    const bias = this.parameter("bias");
    const b = x.backend;
    const [batch, inF] = x.shape;
    // dW [in, out] = xᵀ [in, B] · dy [B, out]
    b.matmul(x.dataId, dy.dataId, w.grad.dataId, { m: inF, n: this.units, k: batch, transA: true });
    // db [out] = Σ_rows dy
    if (bias) b.reduce("sum", dy.dataId, dy.shape, [0], bias.grad.dataId);
    if (!inputGrad) return null;
    // dx [B, in] = dy [B, out] · Wᵀ [out, in]
    const dx = this.cache.get("dx", x.shape, b);
    b.matmul(dy.dataId, w.value.dataId, dx.dataId, { m: batch, n: inF, k: this.units, transB: true });
    return dx;
  }

  config(): LayerConfig {
    return { type: this.type, name: this.name, units: this.units, useBias: this.useBias };
  }
}
