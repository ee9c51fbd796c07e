import type { AdamParams, RmspropParams, SgdParams } from "@chainrule/tensor";

/** Parameter and optimizer state of a reference step; arrays are updated in place. */
export interface OptimizerState {
  param: Float64Array;
  grad: Float64Array;
  /** Velocity (SGD), first moment m (Adam) or square average (RMSProp). */
  s1: Float64Array;
  /** Second moment v (Adam). */
  s2: Float64Array;
}

/** torch.optim.SGD with dampening 0: g += wd·p; v = μ·v + g; g = nesterov ? g + μ·v : v; p −= lr·g. */
export function sgdReference(st: OptimizerState, p: SgdParams): void {
  st.param.forEach((w, i) => {
    let g = st.grad[i] + p.weightDecay * w;
    if (p.momentum !== 0) {
      st.s1[i] = p.momentum * st.s1[i] + g;
      g = p.nesterov ? g + p.momentum * st.s1[i] : st.s1[i];
    }
    st.param[i] = w - p.lr * g;
  });
}

/** torch.optim.Adam (L2 in the gradient) and AdamW (decoupled decay p ← p·(1 − lr·wd) first). */
export function adamReference(st: OptimizerState, p: AdamParams): void {
  st.param.forEach((w, i) => {
    const g = st.grad[i] + (p.decoupled ? 0 : p.weightDecay * w);
    const decayed = p.decoupled ? w * (1 - p.lr * p.weightDecay) : w;
    st.s1[i] = p.beta1 * st.s1[i] + (1 - p.beta1) * g;
    st.s2[i] = p.beta2 * st.s2[i] + (1 - p.beta2) * g * g;
    const mHat = st.s1[i] / (1 - p.beta1 ** p.step);
    const vHat = st.s2[i] / (1 - p.beta2 ** p.step);
    st.param[i] = decayed - (p.lr * mHat) / (Math.sqrt(vHat) + p.eps);
  });
}

/** torch.optim.RMSprop (not centred, no momentum): g += wd·p; s = α·s + (1−α)·g²; p −= lr·g/(sqrt(s) + eps). */
export function rmspropReference(st: OptimizerState, p: RmspropParams): void {
  st.param.forEach((w, i) => {
    const g = st.grad[i] + p.weightDecay * w;
    st.s1[i] = p.alpha * st.s1[i] + (1 - p.alpha) * g * g;
    st.param[i] = w - (p.lr * g) / (Math.sqrt(st.s1[i]) + p.eps);
  });
}
