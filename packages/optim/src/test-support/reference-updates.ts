// Test-only: each optimizer's update written out independently in float64, step by step, from its paper / PyTorch's docs.
import type { AdamOptions } from "../adam.js";
import type { RmspropOptions } from "../rmsprop.js";
import type { SgdOptions } from "../sgd.js";

/** SGD written out by hand in float64, as in PyTorch's docs (dampening 0). */
export function sgdByHand(init: readonly number[], grads: readonly (readonly number[])[], o: Required<SgdOptions>): number[][] {
  const p = [...init];
  const buf = p.map(() => 0);
  return grads.map((g, t) => {
    for (let i = 0; i < p.length; i++) {
      let d = g[i] + o.weightDecay * p[i];
      if (o.momentum > 0) {
        buf[i] = t === 0 ? d : o.momentum * buf[i] + d;
        d = o.nesterov ? d + o.momentum * buf[i] : buf[i];
      }
      p[i] = p[i] - o.lr * d;
    }
    return [...p];
  });
}

/** Adam / AdamW written out by hand in float64 from Kingma & Ba's algorithm (and Loshchilov & Hutter's for AdamW). */
export function adamByHand(init: readonly number[], grads: readonly (readonly number[])[], o: Required<AdamOptions>, decoupled: boolean): number[][] {
  const p = [...init];
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  return grads.map((g, step) => {
    const t = step + 1;
    for (let i = 0; i < p.length; i++) {
      if (decoupled) p[i] -= o.lr * o.weightDecay * p[i];
      const gi = decoupled ? g[i] : g[i] + o.weightDecay * p[i];
      m[i] = o.beta1 * m[i] + (1 - o.beta1) * gi;
      v[i] = o.beta2 * v[i] + (1 - o.beta2) * gi * gi;
      const mHat = m[i] / (1 - o.beta1 ** t);
      const vHat = v[i] / (1 - o.beta2 ** t);
      p[i] -= (o.lr * mHat) / (Math.sqrt(vHat) + o.eps);
    }
    return [...p];
  });
}

/** RMSProp written out by hand in float64 (Hinton's lecture 6e, PyTorch's form: eps outside the root). */
export function rmspropByHand(init: readonly number[], grads: readonly (readonly number[])[], o: Required<RmspropOptions>): number[][] {
  const p = [...init];
  const s = p.map(() => 0);
  return grads.map((g) => {
    for (let i = 0; i < p.length; i++) {
      const gi = g[i] + o.weightDecay * p[i];
      s[i] = o.alpha * s[i] + (1 - o.alpha) * gi * gi;
      p[i] -= (o.lr * gi) / (Math.sqrt(s[i]) + o.eps);
    }
    return [...p];
  });
}
