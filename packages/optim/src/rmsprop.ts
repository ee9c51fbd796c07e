import type { Parameter, Tensor } from "@chainrule/tensor";
import { BaseOptimizer } from "./base-optimizer.js";
import { checkOption } from "./options.js";

/**
 * Options of {@link RMSProp}.
 *
 * @example
 * const opts: RmspropOptions = { lr: 1e-3, alpha: 0.9 };
 */
export interface RmspropOptions {
  /** Learning rate (default 0.01). */
  lr?: number;
  /** Decay α of the running mean of g², in [0, 1) (default 0.99). */
  alpha?: number;
  /** Added to sqrt(s) (default 1e-8). */
  eps?: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
}

/**
 * RMSProp with PyTorch's semantics (no momentum, not centered):
 * g += wd·p; s = α·s + (1−α)·g²; p −= lr · g / (sqrt(s) + eps).
 *
 * @example
 * const opt = new RMSProp(model.parameters(), { lr: 1e-3 });
 */
export class RMSProp extends BaseOptimizer {
  readonly alpha: number;
  readonly eps: number;
  readonly weightDecay: number;
  private readonly sq: Tensor[];

  constructor(params: readonly Parameter[], opts: RmspropOptions = {}) {
    super(params);
    this.lr = opts.lr ?? 0.01;
    this.alpha = checkOption(this.name, "alpha", opts.alpha ?? 0.99, 0, 1, true);
    this.eps = checkOption(this.name, "eps", opts.eps ?? 1e-8, 0);
    this.weightDecay = checkOption(this.name, "weightDecay", opts.weightDecay ?? 0, 0);
    this.sq = this.params.map((p) => this.stateLike(p));
  }

  get name(): string {
    return "RMSProp";
  }

  protected update(p: Parameter, index: number): void {
    p.value.backend.rmspropUpdate(p.value.dataId, p.grad.dataId, this.sq[index].dataId, p.size, {
      lr: this.lr, alpha: this.alpha, eps: this.eps, weightDecay: this.weightDecay,
    });
  }
}
