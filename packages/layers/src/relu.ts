import { ActivationLayer } from "./activation.js";

/**
 * Rectified linear unit.
 *
 * Forward:   y = max(x, 0)
 * Backward:  f'(x) = 1 where x > 0, else 0; and x > 0 exactly where y > 0, so
 *            dx = dy · [y > 0]
 *
 * @example
 * new Sequential([new Dense({ units: 128 }), new ReLU()]);
 */
export class ReLU extends ActivationLayer {
  readonly type = "ReLU";
  readonly kind = "relu";
}
