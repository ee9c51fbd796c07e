import type { Parameter } from "@chainrule/tensor";

/**
 * An optimizer updates its parameters in place from their gradients, through backend kernels.
 *
 * @example
 * const opt: Optimizer = new SGD(model.parameters(), { lr: 0.1 });
 * opt.zeroGrad(); model.backward(dy); opt.step();
 */
export interface Optimizer {
  readonly params: readonly Parameter[];
  /** Current learning rate; schedules set it before each step. */
  lr: number;
  /** One update from the current gradients. */
  step(): void;
  /** Sets every parameter's gradient to zero. */
  zeroGrad(): void;
}
