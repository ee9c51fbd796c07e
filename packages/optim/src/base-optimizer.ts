import { keep, zeros, type Parameter, type Tensor } from "@chainrule/tensor";
import { checkOption } from "./options.js";
import type { Optimizer } from "./optimizer.js";

/**
 * What every optimizer shares: the parameter list, a mutable learning rate, the step count and the
 * state tensors (velocity, moments, ...). State lives on each parameter's own backend, is made once
 * at construction and updated in place, so a step allocates nothing.
 *
 * @example
 * class SignSgd extends BaseOptimizer {
 *   get name() { return "SignSgd"; }
 *   protected update(p: Parameter) { ... } // one backend kernel per parameter
 * }
 */
export abstract class BaseOptimizer implements Optimizer {
  /** Names the optimizer in error messages. */
  abstract get name(): string;
  readonly params: readonly Parameter[];
  private learningRate = 0;
  private stepsTaken = 0;
  private readonly stateTensors: Tensor[] = [];

  /** Subclasses set `lr` after this, so its check can name them. */
  protected constructor(params: readonly Parameter[]) {
    if (params.length === 0) {
      // Usually model.parameters() of a model that is not built yet: Sequential makes its weights
      // when it learns the input shape, so the list is empty until then.
      throw new Error(
        // The subclass's name getter needs no state, so it can be read before the subclass constructor runs.
        `${(this as { readonly name: string }).name}: the parameter list is empty. If you passed model.parameters(), the model has no parameters yet: ` +
          "build it first (give Sequential an inputShape, or call model.build(shape)) before creating the optimizer",
      );
    }
    this.params = [...params];
  }

  /** Learning rate for the next step; a schedule sets it, e.g. `opt.lr = schedule(opt.steps)`. */
  get lr(): number {
    return this.learningRate;
  }

  set lr(value: number) {
    this.learningRate = checkOption(this.name, "lr", value, 0);
  }

  /** Updates taken so far (0 before the first step). */
  get steps(): number {
    return this.stepsTaken;
  }

  /** One in-place update of every parameter from its current gradient. */
  step(): void {
    this.stepsTaken++;
    this.params.forEach((p, i) => this.update(p, i, this.stepsTaken));
  }

  /** Sets every parameter's gradient to zero. */
  zeroGrad(): void {
    for (const p of this.params) p.zeroGrad();
  }

  /** Frees the state tensors; the optimizer must not step again. */
  dispose(): void {
    for (const t of this.stateTensors) t.dispose();
    this.stateTensors.length = 0;
  }

  /** A zeroed state tensor shaped like `p`, on its backend, kept out of any enclosing `tidy`. */
  protected stateLike(p: Parameter): Tensor {
    const t = keep(zeros(p.shape, p.value.backend));
    this.stateTensors.push(t);
    return t;
  }

  /** Updates parameter `index` in place; `step` is 1-based. */
  protected abstract update(p: Parameter, index: number, step: number): void;
}
