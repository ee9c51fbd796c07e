import type { AdamParams, RmspropParams, SgdParams } from "../backend.js";
import type { FloatArray } from "../dtype.js";

/** One SGD step in place (PyTorch's formulation, dampening 0). */
export function sgdUpdateArrays(w: FloatArray, g: FloatArray, vel: FloatArray | null, size: number, p: SgdParams): void {
  const { lr, momentum, nesterov, weightDecay } = p;
  for (let i = 0; i < size; i++) {
    let d = g[i] + weightDecay * w[i];
    if (vel && momentum !== 0) {
      const v = momentum * vel[i] + d;
      vel[i] = v;
      d = nesterov ? d + momentum * v : v;
    }
    w[i] -= lr * d;
  }
}

/** One Adam / AdamW step in place. */
export function adamUpdateArrays(w: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, size: number, p: AdamParams): void {
  const { lr, beta1, beta2, eps, weightDecay, decoupled, step } = p;
  const c1 = 1 - Math.pow(beta1, step);
  const c2 = 1 - Math.pow(beta2, step);
  const shrink = decoupled ? 1 - lr * weightDecay : 1;
  const l2 = decoupled ? 0 : weightDecay;
  for (let i = 0; i < size; i++) {
    const gi = g[i] + l2 * w[i];
    const mi = beta1 * m[i] + (1 - beta1) * gi;
    const vi = beta2 * v[i] + (1 - beta2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    w[i] = w[i] * shrink - (lr * (mi / c1)) / (Math.sqrt(vi / c2) + eps);
  }
}

/** One RMSProp step in place. */
export function rmspropUpdateArrays(w: FloatArray, g: FloatArray, sq: FloatArray, size: number, p: RmspropParams): void {
  const { lr, alpha, eps, weightDecay } = p;
  for (let i = 0; i < size; i++) {
    const gi = g[i] + weightDecay * w[i];
    const s = alpha * sq[i] + (1 - alpha) * gi * gi;
    sq[i] = s;
    w[i] -= (lr * gi) / (Math.sqrt(s) + eps);
  }
}
