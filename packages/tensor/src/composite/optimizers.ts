// Optimizer steps in place, with PyTorch's formulas (see SgdParams, AdamParams, RmspropParams):
//   SGD      g' = g + wd·p; v = μ·v + g'; d = nesterov ? g' + μ·v : v (g' without momentum); p −= lr·d
//   Adam     g' = g + l2·p; m = β1·m + (1−β1)·g'; v = β2·v + (1−β2)·g'²;
//            p = p·shrink − lr·(m/c1) / (sqrt(v/c2) + eps), c_i = 1 − β_i^t;
//            AdamW: l2 = 0, shrink = 1 − lr·wd; Adam: l2 = wd, shrink = 1
//   RMSProp  g' = g + wd·p; s = α·s + (1−α)·g'²; p −= lr·g' / (sqrt(s) + eps)
import type { AdamParams, DataId, RmspropParams, SgdParams } from "../backend.js";
import type { PrimitiveBackend } from "./primitives.js";
import { withScratch } from "./scratch.js";

/** out = g + wd·param: the gradient with L2 weight decay. */
function decayed(p: PrimitiveBackend, param: DataId, grad: DataId, wd: number, out: DataId, size: number): void {
  p.binaryScalar("mul", param, wd, out, size);
  p.binary("add", out, [size], grad, [size], out, [size]);
}

/** s = decay·s + (1 − decay)·update, with `update` overwritten. */
function movingAverage(p: PrimitiveBackend, s: DataId, update: DataId, decay: number, size: number): void {
  p.binaryScalar("mul", s, decay, s, size);
  p.binaryScalar("mul", update, 1 - decay, update, size);
  p.binary("add", s, [size], update, [size], s, [size]);
}

/** param −= lr·step / denominator (the denominator is skipped when null); `step` is overwritten. */
function descend(p: PrimitiveBackend, param: DataId, step: DataId, lr: number, denominator: DataId | null, size: number): void {
  p.binaryScalar("mul", step, lr, step, size);
  if (denominator) p.binary("div", step, [size], denominator, [size], step, [size]);
  p.binary("sub", param, [size], step, [size], param, [size]);
}

/** Composite of `Backend.sgdUpdate`. */
export function sgdUpdate(p: PrimitiveBackend, param: DataId, grad: DataId, velocity: DataId | null, size: number, params: SgdParams): void {
  const { lr, momentum, nesterov, weightDecay } = params;
  // without this, a missing velocity would silently turn momentum SGD into plain SGD
  if (momentum !== 0 && !velocity) throw new Error(`${p.name} backend: sgdUpdate with momentum ${momentum} needs a velocity buffer`);
  withScratch(p, nesterov ? [size, size] : [size], ([step, scaled]) => {
    decayed(p, param, grad, weightDecay, step, size);
    if (velocity && momentum !== 0) {
      p.binaryScalar("mul", velocity, momentum, velocity, size);
      p.binary("add", velocity, [size], step, [size], velocity, [size]);
      if (nesterov) {
        p.binaryScalar("mul", velocity, momentum, scaled, size);
        p.binary("add", step, [size], scaled, [size], step, [size]);
      } else p.copy(velocity, step, size);
    }
    descend(p, param, step, lr, null, size);
  });
}

/** Composite of `Backend.adamUpdate`. */
export function adamUpdate(p: PrimitiveBackend, param: DataId, grad: DataId, m: DataId, v: DataId, size: number, params: AdamParams): void {
  const { lr, beta1, beta2, eps, weightDecay, decoupled, step } = params;
  withScratch(p, [size, size], ([g, t]) => {
    decayed(p, param, grad, decoupled ? 0 : weightDecay, g, size);
    p.unary("square", g, t, size);
    movingAverage(p, v, t, beta2, size);
    movingAverage(p, m, g, beta1, size);
    // t = sqrt(v / c2) + eps; g = m / c1
    p.binaryScalar("div", v, 1 - Math.pow(beta2, step), t, size);
    p.unary("sqrt", t, t, size);
    p.binaryScalar("add", t, eps, t, size);
    p.binaryScalar("div", m, 1 - Math.pow(beta1, step), g, size);
    if (decoupled && weightDecay !== 0) p.binaryScalar("mul", param, 1 - lr * weightDecay, param, size);
    descend(p, param, g, lr, t, size);
  });
}

/** Composite of `Backend.rmspropUpdate`. */
export function rmspropUpdate(p: PrimitiveBackend, param: DataId, grad: DataId, sq: DataId, size: number, params: RmspropParams): void {
  const { lr, alpha, eps, weightDecay } = params;
  withScratch(p, [size, size], ([g, t]) => {
    decayed(p, param, grad, weightDecay, g, size);
    p.unary("square", g, t, size);
    movingAverage(p, sq, t, alpha, size);
    p.unary("sqrt", sq, t, size);
    p.binaryScalar("add", t, eps, t, size);
    descend(p, param, g, lr, t, size);
  });
}
