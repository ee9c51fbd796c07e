import { getRng, makeArray, type FloatArray, type Rng, type Shape, type Tensor } from "@chainrule/tensor";
import { BaseLayer, type LayerOptions } from "./base-layer.js";
import type { LayerConfig } from "./layer.js";
import { showValue } from "./layer-options.js";

/**
 * Options of {@link Dropout}.
 *
 * @example
 * new Dropout({ rate: 0.25, rng: new Rng(3) } satisfies DropoutOptions);
 */
export interface DropoutOptions extends LayerOptions {
  /** Probability p of zeroing each element in training, 0 ≤ p < 1. */
  rate: number;
  /** Generator of the masks (default the shared one, `getRng()`), so a seed fixes them on every backend. */
  rng?: Rng;
}

/**
 * Inverted dropout: in training each element is kept with probability 1 − p and scaled by
 * 1/(1 − p), so the expected output equals the input and inference is the identity.
 *
 * Forward (training):  m[i] = 0 with probability p, else 1/(1 − p)   (drawn on the host)
 *                      y = x ⊙ m
 * Forward (inference): y = x
 * Backward:  y is linear in x with ∂y[i]/∂x[i] = m[i], so dx = dy ⊙ m (the same mask).
 *
 * @example
 * new Sequential([new Dense({ units: 128 }), new ReLU(), new Dropout({ rate: 0.5 }), new Dense({ units: 10 })]);
 */
export class Dropout extends BaseLayer {
  readonly type = "Dropout";
  readonly rate: number;
  private readonly rng: Rng | undefined;
  private hostMask: FloatArray | null = null;
  private masked = false;

  constructor(opts: DropoutOptions) {
    super(opts);
    if (typeof opts.rate !== "number" || !(opts.rate >= 0 && opts.rate < 1)) throw new RangeError(`Dropout: rate must be a number in [0, 1), got ${showValue(opts.rate)}`);
    this.rate = opts.rate;
    this.rng = opts.rng;
  }

  protected setup(inputShape: Shape): Shape {
    return inputShape;
  }

  protected forwardPass(x: Tensor, training: boolean): Tensor {
    this.masked = training && this.rate > 0;
    if (!this.masked) return x;
    const b = x.backend;
    const mask = this.cache.get("mask", x.shape, b);
    if (this.hostMask?.length !== x.size) this.hostMask = makeArray(b.dtype, x.size);
    const rng = this.rng ?? getRng();
    const keepScale = 1 / (1 - this.rate);
    for (let i = 0; i < x.size; i++) this.hostMask[i] = rng.next() < this.rate ? 0 : keepScale;
    b.write(mask.dataId, this.hostMask);
    const y = this.cache.get("y", x.shape, b);
    b.binary("mul", x.dataId, x.shape, mask.dataId, mask.shape, y.dataId, y.shape);
    return y;
  }

  protected backwardPass(dy: Tensor): Tensor {
    if (!this.masked) return dy;
    const b = dy.backend;
    const mask = this.cache.get("mask", dy.shape, b);
    const dx = this.cache.get("dx", dy.shape, b);
    b.binary("mul", dy.dataId, dy.shape, mask.dataId, mask.shape, dx.dataId, dx.shape);
    return dx;
  }

  config(): LayerConfig {
    return { type: this.type, name: this.name, rate: this.rate };
  }
}
