import { keep, zeros, type Backend, type Parameter, type Tensor } from "@chainrule/tensor";
import { checkOption } from "./options.js";
import type { Optimizer } from "./optimizer.js";

/**
 * What every optimizer shares: the parameter list, a mutable learning rate, the step count and the
 * state tensors (velocity, moments, ...). State lives on each parameter's own backend, is made once
 * at construction and updated in place, so a step allocates nothing; `to(backend)` moves it.
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
  /** Each state tensor with the parameter it belongs to, which must share its backend. */
  private readonly state: { param: Parameter; tensor: Tensor }[] = [];

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
    for (const { param, tensor } of this.state) {
      if (tensor.backend !== param.value.backend) {
        throw new Error(
          `${this.name}: parameter '${param.name}' and its optimizer state live on different backends (${param.value.backend.name} and ` +
            `${tensor.backend.name}): after model.to(backend), move the state too with await optimizer.to(backend)`,
        );
      }
    }
    this.stepsTaken++;
    this.params.forEach((p, i) => this.update(p, i, this.stepsTaken));
  }

  /** Sets every parameter's gradient to zero. */
  zeroGrad(): void {
    for (const p of this.params) p.zeroGrad();
  }

  /**
   * Moves the state (velocity, moments, squared averages) to `backend` in place, its old storage
   * freed, so training goes on there exactly as it would have here: the step count and learning
   * rate stay. The parameters are the model's: move them with `model.to(backend)`.
   *
   * @example
   * await model.to(wasm); await opt.to(wasm); opt.step(); // Adam's moments and step count carry on
   */
  async to(backend: Backend): Promise<this> {
    await Promise.all(this.state.map((s) => s.tensor.moveTo(backend)));
    return this;
  }

  /** Frees the state tensors; the optimizer must not step again. */
  dispose(): void {
    for (const s of this.state) s.tensor.dispose();
    this.state.length = 0;
  }

  /** A zeroed state tensor shaped like `p`, on its backend, kept out of any enclosing `tidy`. */
  protected stateLike(p: Parameter): Tensor {
    const tensor = keep(zeros(p.shape, p.value.backend));
    this.state.push({ param: p, tensor });
    return tensor;
  }

  /** Updates parameter `index` in place; `step` is 1-based. */
  protected abstract update(p: Parameter, index: number, step: number): void;
}
