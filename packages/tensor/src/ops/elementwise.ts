import type { Activation, BinaryOp, UnaryOp } from "../backend.js";
import { broadcastShapes } from "../shape.js";
import { empty, type Tensor } from "../tensor.js";
import { backendOf } from "./check.js";

function binary(op: BinaryOp, a: Tensor | number, b: Tensor | number): Tensor {
  if (typeof a === "number" && typeof b === "number") throw new TypeError(`${op}: at least one argument must be a tensor`);
  if (typeof b === "number" || typeof a === "number") {
    const t = (typeof a === "number" ? b : a) as Tensor;
    const s = (typeof a === "number" ? a : b) as number;
    const out = empty(t.shape, t.backend);
    t.backend.binaryScalar(op, t.dataId, s, out.dataId, t.size, typeof a === "number");
    return out;
  }
  const backend = backendOf(op, a, b);
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = empty(shape, backend);
  backend.binary(op, a.dataId, a.shape, b.dataId, b.shape, out.dataId, shape);
  return out;
}

/** a + b with broadcasting. @example add(x, 1) */
export const add = (a: Tensor | number, b: Tensor | number): Tensor => binary("add", a, b);
/** a − b with broadcasting. @example sub(pred, target) */
export const sub = (a: Tensor | number, b: Tensor | number): Tensor => binary("sub", a, b);
/** a · b elementwise with broadcasting. @example mul(x, 0.5) */
export const mul = (a: Tensor | number, b: Tensor | number): Tensor => binary("mul", a, b);
/** a / b with broadcasting. @example div(x, 255) */
export const div = (a: Tensor | number, b: Tensor | number): Tensor => binary("div", a, b);
/** a ^ b with broadcasting. @example pow(x, 2) */
export const pow = (a: Tensor | number, b: Tensor | number): Tensor => binary("pow", a, b);
/** Elementwise maximum. @example maximum(x, 0) */
export const maximum = (a: Tensor | number, b: Tensor | number): Tensor => binary("max", a, b);
/** Elementwise minimum. @example minimum(x, 1) */
export const minimum = (a: Tensor | number, b: Tensor | number): Tensor => binary("min", a, b);

function unary(op: UnaryOp, x: Tensor): Tensor {
  const out = empty(x.shape, x.backend);
  x.backend.unary(op, x.dataId, out.dataId, x.size);
  return out;
}

/** −x. @example neg(x) */
export const neg = (x: Tensor): Tensor => unary("neg", x);
/** |x|. @example abs(x) */
export const abs = (x: Tensor): Tensor => unary("abs", x);
/** eˣ. @example exp(x) */
export const exp = (x: Tensor): Tensor => unary("exp", x);
/** Natural log. @example log(x) */
export const log = (x: Tensor): Tensor => unary("log", x);
/** √x. @example sqrt(x) */
export const sqrt = (x: Tensor): Tensor => unary("sqrt", x);
/** x². @example square(x) */
export const square = (x: Tensor): Tensor => unary("square", x);
/** 1/x. @example reciprocal(x) */
export const reciprocal = (x: Tensor): Tensor => unary("reciprocal", x);

function activation(kind: Activation, x: Tensor, alpha?: number): Tensor {
  const out = empty(x.shape, x.backend);
  x.backend.activation(kind, x.dataId, out.dataId, x.size, alpha);
  return out;
}

/** max(x, 0). @example relu(x) */
export const relu = (x: Tensor): Tensor => activation("relu", x);
/** x > 0 ? x : α·x. @example leakyRelu(x, 0.1) */
export const leakyRelu = (x: Tensor, alpha = 0.01): Tensor => activation("leakyRelu", x, alpha);
/** 1 / (1 + e^−x). @example sigmoid(x) */
export const sigmoid = (x: Tensor): Tensor => activation("sigmoid", x);
/** tanh(x). @example tanh(x) */
export const tanh = (x: Tensor): Tensor => activation("tanh", x);
