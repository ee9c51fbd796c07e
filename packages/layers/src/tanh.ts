import { ActivationLayer } from "./activation.js";

/**
 * Hyperbolic tangent.
 *
 * Forward:   y = tanh(x) = (e^x − e^−x) / (e^x + e^−x)
 * Backward:  tanh'(x) = 1 − tanh²(x), so
 *            dx = dy · (1 − y²)
 *
 * @example
 * new Sequential([new Dense({ units: 64 }), new Tanh()]);
 */
export class Tanh extends ActivationLayer {
  readonly type = "Tanh";
  readonly kind = "tanh";
}
