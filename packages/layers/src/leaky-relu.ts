import type { LayerOptions } from "./base-layer.js";
import { ActivationLayer } from "./activation.js";
import type { LayerConfig } from "./layer.js";
import { showValue } from "./layer-options.js";

/**
 * Options of {@link LeakyReLU}.
 *
 * @example
 * new LeakyReLU({ alpha: 0.2 } satisfies LeakyReLUOptions);
 */
export interface LeakyReLUOptions extends LayerOptions {
  /** Slope for negative inputs, α ≥ 0 (default 0.01, as PyTorch). */
  alpha?: number;
}

/**
 * Leaky rectified linear unit: a small slope α for negative inputs keeps their gradient alive.
 *
 * Forward:   y = x        if x > 0
 *            y = α·x      otherwise
 * Backward:  f'(x) = 1 if x > 0 else α; with α ≥ 0, x > 0 exactly where y > 0, so
 *            dx = dy · (y > 0 ? 1 : α)
 *
 * @example
 * new LeakyReLU({ alpha: 0.1 });
 */
export class LeakyReLU extends ActivationLayer {
  readonly type = "LeakyReLU";
  readonly kind = "leakyRelu";
  protected override readonly alpha: number;

  constructor(opts: LeakyReLUOptions = {}) {
    super(opts);
    const alpha = opts.alpha ?? 0.01;
    // A negative slope would make y > 0 for x < 0, and the backward test on y would pick the wrong branch.
    if (typeof alpha !== "number" || !(alpha >= 0)) throw new RangeError(`LeakyReLU: alpha must be ≥ 0, got ${showValue(alpha)}`);
    this.alpha = alpha;
  }

  /** The negative slope α. */
  get negativeSlope(): number {
    return this.alpha;
  }

  override config(): LayerConfig {
    return { ...super.config(), alpha: this.alpha };
  }
}
