import {
  conv2dGeometry, ShapeError, type Conv2dGeometry, type Padding, type Parameter, type Rng, type Shape, type Tensor,
} from "@chainrule/tensor";
import { BaseLayer, type LayerOptions } from "./base-layer.js";
import type { InitializerSpec } from "./initializers.js";
import type { LayerConfig } from "./layer.js";
import { checkedUseBias, showValue } from "./layer-options.js";

/**
 * Options of {@link Conv2D}.
 *
 * @example
 * new Conv2D({ filters: 16, kernelSize: 3, stride: 2, padding: "same" } satisfies Conv2DOptions);
 */
export interface Conv2DOptions extends LayerOptions {
  /** Output channels. */
  filters: number;
  /** Kernel height and width (one number for a square kernel). */
  kernelSize: number | readonly [number, number];
  /** Step between windows (default 1). */
  stride?: number | readonly [number, number];
  /** `valid` (default), `same` (output = ceil(input / stride)) or zeros on each side. */
  padding?: Padding;
  /** Add a learned bias per output channel (default true). */
  useBias?: boolean;
  /** Filter initializer (default He normal). */
  kernelInitializer?: InitializerSpec;
  /** Bias initializer (default zeros). */
  biasInitializer?: InitializerSpec;
  /** Generator for the initial values (default the shared one, `getRng()`). */
  rng?: Rng;
}

// A value that is neither a number nor a pair (a bad model file) goes through whole, for the checks to name it.
const pair = (v: number | readonly [number, number]): [number, number] => (Array.isArray(v) ? [v[0], v[1]] : [v as number, v as number]);

/**
 * 2-D convolution (cross-correlation, as in every framework) over NHWC images with an HWIO filter.
 *
 * Forward, for x [B, H, W, C], w [kH, kW, C, F], b [F], stride s and top/left padding p
 * (reads outside the image are zero):
 *   y[n, i, j, f] = b[f] + Σ_{u, v, c} x[n, i·s − p + u, j·s − p + v, c] · w[u, v, c, f]
 *
 * Backward: each product x·w appears once in y, so each factor collects dy times the other.
 *   dw[u, v, c, f] = Σ_{n, i, j} x[n, i·s − p + u, j·s − p + v, c] · dy[n, i, j, f]
 *   dx[n, h, w, c] = Σ_{i, j, u, v, f : i·s − p + u = h, j·s − p + v = w} dy[n, i, j, f] · w[u, v, c, f]
 *                    (the transposed convolution of dy with w)
 *   db[f]          = Σ_{n, i, j} dy[n, i, j, f]   (dy viewed as [B·outH·outW, F], summed over rows)
 * dx (as costly as dw) is skipped when backward is asked for no input gradient (the first layer
 * of a model during training).
 *
 * @example
 * const conv1 = new Conv2D({ filters: 8, kernelSize: 5, padding: "same", name: "conv1" });
 * conv1.build([28, 28, 1]); // → [28, 28, 8]; 5·5·1·8 + 8 = 208 parameters
 */
export class Conv2D extends BaseLayer {
  readonly type = "Conv2D";
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: Padding;
  readonly useBias: boolean;
  private x: Tensor | null = null;
  private geometry: Conv2dGeometry | null = null;

  constructor(private readonly opts: Conv2DOptions) {
    super(opts);
    if (!Number.isInteger(opts.filters) || opts.filters < 1) throw new RangeError(`Conv2D: filters must be a positive integer, got ${showValue(opts.filters)}`);
    this.filters = opts.filters;
    this.kernelSize = pair(opts.kernelSize);
    if (!this.kernelSize.every((k) => Number.isInteger(k) && k >= 1)) throw new RangeError(`Conv2D: kernelSize must be positive integers, got ${showValue(opts.kernelSize)}`);
    this.stride = pair(opts.stride ?? 1);
    this.padding = opts.padding ?? "valid";
    this.useBias = checkedUseBias(this.type, opts.useBias);
  }

  protected setup(inputShape: Shape): Shape {
    if (inputShape.length !== 3) {
      throw new ShapeError(this.label, "samples of shape [height, width, channels]", inputShape, this.inputHint(inputShape));
    }
    const [kH, kW] = this.kernelSize;
    const wShape = [kH, kW, inputShape[2], this.filters];
    const g = conv2dGeometry([1, ...inputShape], wShape, { stride: this.stride, padding: this.padding }, this.label);
    const { rng } = this.opts;
    this.declareParameter("weight", wShape, this.opts.kernelInitializer ?? "heNormal", rng);
    if (this.useBias) this.declareParameter("bias", [this.filters], this.opts.biasInitializer ?? "zeros", rng);
    return [g.outH, g.outW, this.filters];
  }

  protected override inputHint(actual: Shape): string | undefined {
    if (actual.length === 1) return "add Reshape (e.g. to [28, 28, 1]) before it";
    if (actual.length === 2) return "images need a channel axis: add Reshape to [height, width, 1] before it";
    return undefined;
  }

  protected forwardPass(x: Tensor): Tensor {
    const w = this.parameter("weight") as Parameter;
    const g = conv2dGeometry(x.shape, w.shape, { stride: this.stride, padding: this.padding }, this.label);
    const y = this.cache.get("y", [g.batch, g.outH, g.outW, g.outC], x.backend);
    x.backend.conv2d(x.dataId, w.value.dataId, this.parameter("bias")?.value.dataId ?? null, y.dataId, g);
    this.x = x;
    this.geometry = g;
    return y;
  }

  protected backwardPass(dy: Tensor, inputGrad: boolean): Tensor | null {
    const x = this.x as Tensor;
    const w = this.parameter("weight") as Parameter;
    const bias = this.parameter("bias");
    const g = this.geometry as Conv2dGeometry;
    const b = x.backend;
    b.conv2dBackwardFilter(x.dataId, dy.dataId, w.grad.dataId, g);
    if (bias) b.reduce("sum", dy.dataId, [g.batch * g.outH * g.outW, g.outC], [0], bias.grad.dataId);
    if (!inputGrad) return null;
    const dx = this.cache.get("dx", x.shape, b);
    b.conv2dBackwardInput(dy.dataId, w.value.dataId, dx.dataId, g);
    return dx;
  }

  config(): LayerConfig {
    return {
      type: this.type, name: this.name, filters: this.filters, kernelSize: [...this.kernelSize], stride: [...this.stride],
      padding: this.padding, useBias: this.useBias,
    };
  }
}
