// SGD and Adam steps in one pass each, where the composites take five to fifteen dispatches and
// scratch buffers. Parameters and optimizer state are updated in place (the in-out arguments of
// the Backend); the step-dependent constants are computed on the host in float64.
//   SGD   d = g + wd·w; with momentum v = μ·v + d and d = nesterov ? d + μ·v : v; w −= lr·d
//   Adam  g' = g + l2·w; m = β1·m + (1−β1)·g'; v = β2·v + (1−β2)·g'²;
//         w = w·shrink − lr·(m/c1) / (sqrt(v/c2) + eps), with c = 1 − β^t, and for AdamW
//         shrink = 1 − lr·wd, l2 = 0 (Adam: shrink = 1, l2 = wd)
import type { AdamParams, SgdParams } from "@chainrule/tensor";
import type { Dispatcher } from "../dispatcher.js";
import { groupsFor, memoized, perElement, type Shader } from "../shader.js";
import { WGSL_MATH } from "./wgsl-math.js";

const sgdShader = memoized((momentum: boolean): Shader => ({
  key: `sgdUpdate ${momentum}`,
  params: [["n", "u32"], ["lr", "f32"], ["momentum", "f32"], ["wd", "f32"], ["nesterov", "u32"]],
  buffers: [{ name: "grad", access: "read" }, { name: "param", access: "read_write" }, ...(momentum ? [{ name: "velocity", access: "read_write" } as const] : [])],
  code: perElement(`  let w = param[i];
  var d = grad_at(i) + p.wd * w;
${momentum ? `  let v = p.momentum * velocity[i] + d;
  velocity[i] = v;
  d = select(v, d + p.momentum * v, p.nesterov != 0u);` : ""}
  param[i] = w - p.lr * d;`),
}));

/** One SGD step in place; velocity is used when given and momentum is not 0. */
export function sgdUpdate(gpu: Dispatcher, param: GPUBuffer, grad: GPUBuffer, velocity: GPUBuffer | null, size: number, p: SgdParams): void {
  const momentum = velocity !== null && p.momentum !== 0;
  const values = [size, p.lr, p.momentum, p.weightDecay, p.nesterov ? 1 : 0];
  gpu.run("sgdUpdate", sgdShader(momentum), values, momentum ? [grad, param, velocity] : [grad, param], groupsFor(size));
}

const ADAM: Shader = {
  key: "adamUpdate",
  params: [["n", "u32"], ["lr", "f32"], ["beta1", "f32"], ["beta2", "f32"], ["eps", "f32"], ["c1", "f32"], ["c2", "f32"], ["shrink", "f32"], ["l2", "f32"]],
  buffers: [{ name: "grad", access: "read" }, { name: "param", access: "read_write" }, { name: "m", access: "read_write" }, { name: "v", access: "read_write" }],
  code: `${WGSL_MATH}
${perElement(`  let w = param[i];
  let g = grad_at(i) + p.l2 * w;
  let m1 = p.beta1 * m[i] + (1.0 - p.beta1) * g;
  let v1 = p.beta2 * v[i] + (1.0 - p.beta2) * g * g;
  m[i] = m1;
  v[i] = v1;
  param[i] = w * p.shrink - (p.lr * (m1 / p.c1)) / (js_sqrt(v1 / p.c2) + p.eps);`)}`,
};

/** One Adam or AdamW step in place. */
export function adamUpdate(gpu: Dispatcher, param: GPUBuffer, grad: GPUBuffer, m: GPUBuffer, v: GPUBuffer, size: number, p: AdamParams): void {
  const values = [
    size, p.lr, p.beta1, p.beta2, p.eps, 1 - p.beta1 ** p.step, 1 - p.beta2 ** p.step,
    p.decoupled ? 1 - p.lr * p.weightDecay : 1, p.decoupled ? 0 : p.weightDecay,
  ];
  gpu.run("adamUpdate", ADAM, values, [grad, param, m, v], groupsFor(size));
}
