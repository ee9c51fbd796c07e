import type { Parameter, Tensor } from "@chainrule/tensor";
import { BaseOptimizer } from "./base-optimizer.js";
import { checkOption } from "./options.js";

/**
 * Options of {@link SGD}.
 *
 * @example
 * const opts: SgdOptions = { lr: 0.1, momentum: 0.9, weightDecay: 5e-4 };
 */
export interface SgdOptions {
  /** Learning rate (default 0.01). */
  lr?: number;
  /** Momentum μ in [0, 1) (default 0: plain SGD). */
  momentum?: number;
  /** Nesterov momentum: step along g + μ·v instead of v (needs momentum > 0). */
  nesterov?: boolean;
  /** L2 penalty added to the gradient, g += wd·p (default 0). */
  weightDecay?: number;
}

/**
 * Stochastic gradient descent with PyTorch's semantics:
 * g += wd·p; v = μ·v + g; p −= lr · (nesterov ? g + μ·v : v) (with μ = 0: p −= lr·g).
 *
 * @example
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true });
 * opt.zeroGrad(); model.backward(loss.backward()); opt.step();
 */
export class SGD extends BaseOptimizer {
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  private readonly velocity: (Tensor | null)[];

  constructor(params: readonly Parameter[], opts: SgdOptions = {}) {
    super(params);
    this.lr = opts.lr ?? 0.01;
    this.momentum = checkOption(this.name, "momentum", opts.momentum ?? 0, 0, 1, true);
    this.nesterov = opts.nesterov ?? false;
    this.weightDecay = checkOption(this.name, "weightDecay", opts.weightDecay ?? 0, 0);
    if (this.nesterov && this.momentum === 0) throw new RangeError("SGD: nesterov needs a momentum > 0");
    this.velocity = this.params.map((p) => (this.momentum > 0 ? this.stateLike(p) : null));
  }

  get name(): string {
    return "SGD";
  }

  protected update(p: Parameter, index: number): void {
    const v = this.velocity[index];
    p.value.backend.sgdUpdate(p.value.dataId, p.grad.dataId, v ? v.dataId : null, p.size, {
      lr: this.lr, momentum: this.momentum, nesterov: this.nesterov, weightDecay: this.weightDecay,
    });
  }
}
