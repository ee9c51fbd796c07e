import type { Activation, BinaryOp, UnaryOp } from "../backend.js";
import type { FloatArray } from "../dtype.js";
import { sizeOf, stridesOf, type Shape } from "../shape.js";

const BINARY: Record<BinaryOp, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: (x, y) => Math.pow(x, y),
  max: (x, y) => (x > y || Number.isNaN(x) ? x : y),
  min: (x, y) => (x < y || Number.isNaN(x) ? x : y),
};

const UNARY: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  abs: Math.abs,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
  sign: Math.sign,
};

/** Strides of `shape` seen from an output of rank `rank`: 0 along broadcast axes. */
function broadcastStrides(shape: Shape, rank: number): number[] {
  const own = stridesOf(shape);
  const out = new Array<number>(rank).fill(0);
  for (let i = 0; i < shape.length; i++) {
    const r = rank - shape.length + i;
    out[r] = shape[i] === 1 ? 0 : own[i];
  }
  return out;
}

/**
 * out = a op b with NumPy broadcasting. The fast paths test the shapes' sizes, never the storage
 * lengths: a reused buffer can be longer than the shape it holds.
 */
export function binaryArrays(op: BinaryOp, a: FloatArray, aShape: Shape, b: FloatArray, bShape: Shape, out: FloatArray, outShape: Shape): void {
  const f = BINARY[op];
  const size = sizeOf(outShape);
  const aSize = sizeOf(aShape);
  const bSize = sizeOf(bShape);
  if (aSize === size && bSize === size) {
    for (let i = 0; i < size; i++) out[i] = f(a[i], b[i]);
    return;
  }
  if (bSize === 1 && aSize === size) {
    const s = b[0];
    for (let i = 0; i < size; i++) out[i] = f(a[i], s);
    return;
  }
  const rank = outShape.length;
  const as = broadcastStrides(aShape, rank);
  const bs = broadcastStrides(bShape, rank);
  const idx = new Array<number>(rank).fill(0);
  let ao = 0, bo = 0;
  for (let i = 0; i < size; i++) {
    out[i] = f(a[ao], b[bo]);
    // odometer increment over the output index, moving the input offsets along
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d] < outShape[d]) {
        ao += as[d];
        bo += bs[d];
        break;
      }
      idx[d] = 0;
      ao -= as[d] * (outShape[d] - 1);
      bo -= bs[d] * (outShape[d] - 1);
    }
  }
}

/** out = a op s (or s op a). */
export function binaryScalarArrays(op: BinaryOp, a: FloatArray, s: number, out: FloatArray, size: number, scalarFirst: boolean): void {
  const f = BINARY[op];
  if (scalarFirst) for (let i = 0; i < size; i++) out[i] = f(s, a[i]);
  else for (let i = 0; i < size; i++) out[i] = f(a[i], s);
}

/** out = op(x). */
export function unaryArrays(op: UnaryOp, x: FloatArray, out: FloatArray, size: number): void {
  const f = UNARY[op];
  for (let i = 0; i < size; i++) out[i] = f(x[i]);
}

/** y = f(x) for an activation. */
export function activationArrays(kind: Activation, x: FloatArray, y: FloatArray, size: number, alpha: number): void {
  switch (kind) {
    case "relu":
      // NaN propagates (as in PyTorch): a corrupt input must not become a confident 0.
      for (let i = 0; i < size; i++) y[i] = x[i] > 0 || Number.isNaN(x[i]) ? x[i] : 0;
      return;
    case "leakyRelu":
      for (let i = 0; i < size; i++) y[i] = x[i] > 0 ? x[i] : alpha * x[i];
      return;
    case "sigmoid":
      // 1/(1+e^−x) for x ≥ 0 and e^x/(1+e^x) otherwise: no overflow for large |x|
      for (let i = 0; i < size; i++) {
        const v = x[i];
        if (v >= 0) y[i] = 1 / (1 + Math.exp(-v));
        else {
          const e = Math.exp(v);
          y[i] = e / (1 + e);
        }
      }
      return;
    case "tanh":
      for (let i = 0; i < size; i++) y[i] = Math.tanh(x[i]);
      return;
  }
}

/** dx = dy · f'(x), with f' written in terms of the output y. */
export function activationBackwardArrays(kind: Activation, y: FloatArray, dy: FloatArray, dx: FloatArray, size: number, alpha: number): void {
  switch (kind) {
    case "relu":
      for (let i = 0; i < size; i++) dx[i] = y[i] > 0 ? dy[i] : 0;
      return;
    case "leakyRelu":
      for (let i = 0; i < size; i++) dx[i] = y[i] > 0 ? dy[i] : alpha * dy[i];
      return;
    case "sigmoid":
      for (let i = 0; i < size; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
      return;
    case "tanh":
      for (let i = 0; i < size; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
      return;
  }
}
