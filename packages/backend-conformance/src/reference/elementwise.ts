import type { Activation, BinaryOp, UnaryOp } from "@chainrule/tensor";

/** Each binary op on two float64 numbers. */
export const binaryReference: Record<BinaryOp, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: (x, y) => x ** y,
  max: (x, y) => Math.max(x, y),
  min: (x, y) => Math.min(x, y),
};

/** Each unary op on a float64 number. */
export const unaryReference: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  abs: (x) => (x < 0 ? -x : x),
  exp: (x) => Math.exp(x),
  log: (x) => Math.log(x),
  sqrt: (x) => Math.sqrt(x),
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0),
};

/**
 * out = a op b under NumPy broadcasting: output index (i_0 … i_{r−1}) reads a at the same index with
 * a's leading axes dropped and its size-1 axes pinned to 0 (same for b).
 */
export function broadcastReference(op: BinaryOp, a: Float64Array, aShape: readonly number[], b: Float64Array, bShape: readonly number[], outShape: readonly number[]): Float64Array {
  const size = outShape.reduce((x, y) => x * y, 1);
  const out = new Float64Array(size);
  const index = new Array<number>(outShape.length).fill(0);
  const offset = (shape: readonly number[]): number => {
    let o = 0;
    for (let d = 0; d < shape.length; d++) o = o * shape[d] + (shape[d] === 1 ? 0 : index[outShape.length - shape.length + d]);
    return o;
  };
  for (let flat = 0; flat < size; flat++) {
    let rest = flat;
    for (let d = outShape.length - 1; d >= 0; d--) {
      index[d] = rest % outShape[d];
      rest = Math.floor(rest / outShape[d]);
    }
    out[flat] = binaryReference[op](a[offset(aShape)], b[offset(bShape)]);
  }
  return out;
}

/** y = f(x) for an activation, from its textbook definition. */
export function activationReference(kind: Activation, x: number, alpha: number): number {
  switch (kind) {
    case "relu":
      // NaN propagates, as in PyTorch: a corrupt input must not turn into a confident 0.
      return Number.isNaN(x) || x > 0 ? x : 0;
    case "leakyRelu":
      return x > 0 ? x : alpha * x;
    case "sigmoid":
      return 1 / (1 + Math.exp(-x));
    case "tanh":
      return Math.tanh(x);
  }
}

/** f'(x) written with y = f(x), as the Backend documents it. */
export function activationDerivativeReference(kind: Activation, y: number, alpha: number): number {
  switch (kind) {
    case "relu":
      return y > 0 ? 1 : 0;
    case "leakyRelu":
      return y > 0 ? 1 : alpha;
    case "sigmoid":
      return y * (1 - y);
    case "tanh":
      return 1 - y * y;
  }
}
