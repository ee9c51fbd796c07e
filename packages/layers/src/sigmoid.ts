import { ActivationLayer } from "./activation.js";

/**
 * Logistic sigmoid.
 *
 * Forward:   y = σ(x) = 1 / (1 + e^−x)
 * Backward:  σ'(x) = e^−x / (1 + e^−x)² = σ(x)·(1 − σ(x)), so
 *            dx = dy · y·(1 − y)
 *
 * @example
 * new Sequential([new Dense({ units: 1 }), new Sigmoid()]);
 */
export class Sigmoid extends ActivationLayer {
  readonly type = "Sigmoid";
  readonly kind = "sigmoid";
}
