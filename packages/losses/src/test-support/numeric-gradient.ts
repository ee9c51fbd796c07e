// Test-only: a central-difference gradient, the independent reference for each loss's backward.
import { tensor, type Shape, type Tensor } from "@chainrule/tensor";
import type { Loss } from "../loss.js";

/**
 * ∂f/∂x_i ≈ (f(x + h·e_i) − f(x − h·e_i)) / 2h for every i; error O(h²), so run it in float64.
 */
export function numericGradient(f: (x: Float64Array) => number, x: ArrayLike<number>, h = 1e-5): Float64Array {
  const probe = Float64Array.from(x);
  const grad = new Float64Array(probe.length);
  for (let i = 0; i < probe.length; i++) {
    const xi = probe[i];
    probe[i] = xi + h;
    const up = f(probe);
    probe[i] = xi - h;
    const down = f(probe);
    probe[i] = xi;
    grad[i] = (up - down) / (2 * h);
  }
  return grad;
}

/** The loss's own gradient for `pred` and the central-difference one, on the target's backend. */
export function lossGradients(loss: Loss, pred: ArrayLike<number>, shape: Shape, target: Tensor): { analytic: Float64Array; numeric: Float64Array } {
  const backend = target.backend;
  const evaluate = (values: ArrayLike<number>): number => {
    const p = tensor(values, shape, backend);
    const value = loss.forward(p, target).dataSync()[0];
    p.dispose();
    return value;
  };
  evaluate(pred);
  const analytic = Float64Array.from(loss.backward().dataSync());
  return { analytic, numeric: numericGradient(evaluate, pred) };
}
