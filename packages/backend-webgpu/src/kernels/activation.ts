// Activations and their backward forms in one pass each, where the composites take up to eight
// dispatches (tanh) and a scratch buffer. The backward forms use the forward output y:
//   relu       y = x > 0 ? x : 0, NaN kept       dx = y > 0 ? dy : 0
//   leakyRelu  y = x > 0 ? x : α·x                dx = y > 0 ? dy : α·dy
//   sigmoid    y = 1/(1 + e^−x)                   dx = dy·y·(1 − y)
//   tanh       y = tanh x                         dx = dy·(1 − y²)
// The backward forms select rather than multiply by a mask, so a NaN or infinite dy where y ≤ 0
// gives 0 (relu) as in the JS backend.
import type { Activation } from "@chainrule/tensor";
import type { Dispatcher } from "../dispatcher.js";
import { groupsFor, memoized, perElement, type Shader } from "../shader.js";
import { WGSL_MATH } from "./wgsl-math.js";

/** The Backend's default α of leakyRelu. */
const LEAKY_ALPHA = 0.01;

const FORWARD: Record<Activation, string> = {
  relu: "select(0.0, x, x > 0.0 || is_nan(x))",
  leakyRelu: "select(p.alpha * x, x, x > 0.0)",
  sigmoid: "js_sigmoid(x)",
  tanh: "js_tanh(x)",
};

const BACKWARD: Record<Activation, string> = {
  relu: "select(0.0, g, y > 0.0)",
  leakyRelu: "select(p.alpha * g, g, y > 0.0)",
  sigmoid: "g * y * (1.0 - y)",
  tanh: "g * (1.0 - y * y)",
};

const forwardShader = memoized((kind: Activation): Shader => ({
  key: `activation ${kind}`,
  params: [["n", "u32"], ["alpha", "f32"]],
  buffers: [{ name: "x", access: "read", inPlace: true }, { name: "y", access: "read_write" }],
  code: `${WGSL_MATH}
fn f(x: f32) -> f32 { return ${FORWARD[kind]}; }
${perElement("  y[i] = f(x_at(i));")}`,
}));

const backwardShader = memoized((kind: Activation): Shader => ({
  key: `activationBackward ${kind}`,
  params: [["n", "u32"], ["alpha", "f32"]],
  buffers: [{ name: "y", access: "read" }, { name: "dy", access: "read", inPlace: true }, { name: "dx", access: "read_write" }],
  code: `fn f(y: f32, g: f32) -> f32 { return ${BACKWARD[kind]}; }
${perElement("  dx[i] = f(y_at(i), dy_at(i));")}`,
}));

/** y = f(x) over `size` elements. */
export function activation(gpu: Dispatcher, kind: Activation, x: GPUBuffer, y: GPUBuffer, size: number, alpha = LEAKY_ALPHA): void {
  gpu.run("activation", forwardShader(kind), [size, alpha], [x, y], groupsFor(size));
}

/** dx = dy·f'(x), from the forward output y, over `size` elements. */
export function activationBackward(gpu: Dispatcher, kind: Activation, y: GPUBuffer, dy: GPUBuffer, dx: GPUBuffer, size: number, alpha = LEAKY_ALPHA): void {
  gpu.run("activationBackward", backwardShader(kind), [size, alpha], [y, dy, dx], groupsFor(size));
}
