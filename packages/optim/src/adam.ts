import type { Parameter, Tensor } from "@chainrule/tensor";
import { BaseOptimizer } from "./base-optimizer.js";
import { checkOption } from "./options.js";

/**
 * Options of {@link Adam} and {@link AdamW}.
 *
 * @example
 * const opts: AdamOptions = { lr: 3e-4, beta2: 0.98 };
 */
export interface AdamOptions {
  /** Learning rate (default 0.001). */
  lr?: number;
  /** Decay of the first moment, in [0, 1) (default 0.9). */
  beta1?: number;
  /** Decay of the second moment, in [0, 1) (default 0.999). */
  beta2?: number;
  /** Added to sqrt(v̂) so the step stays bounded (default 1e-8). */
  eps?: number;
  /** Weight decay: L2 on the gradient for Adam (default 0), decoupled for AdamW (default 0.01). */
  weightDecay?: number;
}

/**
 * Adam with PyTorch's semantics, weight decay as L2 on the gradient:
 * g += wd·p; m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; p −= lr · (m/(1−β1^t)) / (sqrt(v/(1−β2^t)) + eps).
 *
 * @example
 * const opt = new Adam(model.parameters(), { lr: 1e-3 });
 */
export class Adam extends BaseOptimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  private readonly m: Tensor[];
  private readonly v: Tensor[];

  constructor(params: readonly Parameter[], opts: AdamOptions = {}) {
    super(params);
    this.lr = opts.lr ?? 0.001;
    this.beta1 = checkOption(this.name, "beta1", opts.beta1 ?? 0.9, 0, 1, true);
    this.beta2 = checkOption(this.name, "beta2", opts.beta2 ?? 0.999, 0, 1, true);
    this.eps = checkOption(this.name, "eps", opts.eps ?? 1e-8, 0);
    this.weightDecay = checkOption(this.name, "weightDecay", opts.weightDecay ?? 0, 0);
    this.m = this.params.map((p) => this.stateLike(p));
    this.v = this.params.map((p) => this.stateLike(p));
  }

  get name(): string {
    return this.decoupled ? "AdamW" : "Adam";
  }

  /** false: weight decay is added to the gradient (Adam); true: it shrinks the weights directly (AdamW). */
  protected get decoupled(): boolean {
    return false;
  }

  protected update(p: Parameter, index: number, step: number): void {
    p.value.backend.adamUpdate(p.value.dataId, p.grad.dataId, this.m[index].dataId, this.v[index].dataId, p.size, {
      lr: this.lr, beta1: this.beta1, beta2: this.beta2, eps: this.eps, weightDecay: this.weightDecay, decoupled: this.decoupled, step,
    });
  }
}
