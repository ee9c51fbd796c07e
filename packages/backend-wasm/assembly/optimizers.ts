// Optimizer steps, in place, 4 parameters at a time. Scalars that depend only on the step
// (Adam's bias corrections) are computed once by the host in float64.

/** SGD (PyTorch): g += wd·p; v = μ·v + g; g = nesterov ? g + μ·v : v; p −= lr·g. vel may be 0 (no momentum). */
export function sgdUpdate(w: usize, g: usize, vel: usize, size: i32, lr: f32, momentum: f32, nesterov: bool, wd: f32): void {
  const useVel = vel != 0 && momentum != 0;
  const lrv = f32x4.splat(lr), mv = f32x4.splat(momentum), wdv = f32x4.splat(wd);
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    const o = <usize>(i * 4);
    const wi = v128.load(w + o);
    let d = f32x4.add(v128.load(g + o), f32x4.mul(wdv, wi));
    if (useVel) {
      const v = f32x4.add(f32x4.mul(mv, v128.load(vel + o)), d);
      v128.store(vel + o, v);
      d = nesterov ? f32x4.add(d, f32x4.mul(mv, v)) : v;
    }
    v128.store(w + o, f32x4.sub(wi, f32x4.mul(lrv, d)));
  }
  for (; i < size; i++) {
    const o = <usize>(i * 4);
    const wi = load<f32>(w + o);
    let d = load<f32>(g + o) + wd * wi;
    if (useVel) {
      const v = momentum * load<f32>(vel + o) + d;
      store<f32>(vel + o, v);
      d = nesterov ? d + momentum * v : v;
    }
    store<f32>(w + o, wi - lr * d);
  }
}

/**
 * Adam / AdamW: g += l2·p; m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
 * p = p·shrink − lr·(m/c1) / (sqrt(v/c2) + eps), with c1 = 1−β1^t, c2 = 1−β2^t.
 */
export function adamUpdate(
  w: usize, g: usize, m: usize, v: usize, size: i32,
  lr: f32, beta1: f32, beta2: f32, eps: f32, l2: f32, shrink: f32, c1: f32, c2: f32,
): void {
  const b1 = f32x4.splat(beta1), b1c = f32x4.splat(1 - beta1), b2 = f32x4.splat(beta2), b2c = f32x4.splat(1 - beta2);
  const lrv = f32x4.splat(lr), epsv = f32x4.splat(eps), l2v = f32x4.splat(l2), shv = f32x4.splat(shrink);
  const c1v = f32x4.splat(c1), c2v = f32x4.splat(c2);
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    const o = <usize>(i * 4);
    const wi = v128.load(w + o);
    const gi = f32x4.add(v128.load(g + o), f32x4.mul(l2v, wi));
    const mi = f32x4.add(f32x4.mul(b1, v128.load(m + o)), f32x4.mul(b1c, gi));
    const vi = f32x4.add(f32x4.mul(b2, v128.load(v + o)), f32x4.mul(f32x4.mul(b2c, gi), gi));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    const step = f32x4.div(f32x4.mul(lrv, f32x4.div(mi, c1v)), f32x4.add(f32x4.sqrt(f32x4.div(vi, c2v)), epsv));
    v128.store(w + o, f32x4.sub(f32x4.mul(wi, shv), step));
  }
  for (; i < size; i++) {
    const o = <usize>(i * 4);
    const wi = load<f32>(w + o);
    const gi = load<f32>(g + o) + l2 * wi;
    const mi = beta1 * load<f32>(m + o) + (1 - beta1) * gi;
    const vi = beta2 * load<f32>(v + o) + (1 - beta2) * gi * gi;
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
    store<f32>(w + o, wi * shrink - (lr * (mi / c1)) / (sqrt(vi / c2) + eps));
  }
}

/** RMSProp (PyTorch): g += wd·p; s = α·s + (1−α)·g²; p −= lr·g / (sqrt(s) + eps). */
export function rmspropUpdate(w: usize, g: usize, sq: usize, size: i32, lr: f32, alpha: f32, eps: f32, wd: f32): void {
  const av = f32x4.splat(alpha), ac = f32x4.splat(1 - alpha), lrv = f32x4.splat(lr), epsv = f32x4.splat(eps), wdv = f32x4.splat(wd);
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    const o = <usize>(i * 4);
    const wi = v128.load(w + o);
    const gi = f32x4.add(v128.load(g + o), f32x4.mul(wdv, wi));
    const s = f32x4.add(f32x4.mul(av, v128.load(sq + o)), f32x4.mul(f32x4.mul(ac, gi), gi));
    v128.store(sq + o, s);
    v128.store(w + o, f32x4.sub(wi, f32x4.div(f32x4.mul(lrv, gi), f32x4.add(f32x4.sqrt(s), epsv))));
  }
  for (; i < size; i++) {
    const o = <usize>(i * 4);
    const wi = load<f32>(w + o);
    const gi = load<f32>(g + o) + wd * wi;
    const s = alpha * load<f32>(sq + o) + (1 - alpha) * gi * gi;
    store<f32>(sq + o, s);
    store<f32>(w + o, wi - (lr * gi) / (sqrt(s) + eps));
  }
}
