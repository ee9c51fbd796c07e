// The functions the AssemblyScript module exports (assembly/index.ts). Pointers are byte
// addresses in linear memory, sizes element counts, flags 0 / 1; see each kernel's source for
// its math.

/** Typed view of the compiled module's exports. */
export interface KernelExports {
  heapBase(): number;
  gemmWorkBytes(): number;
  matmul(a: number, b: number, c: number, bias: number, m: number, n: number, k: number, transA: number, transB: number,
    accumulate: number, i0: number, i1: number, n0: number, n1: number, k0: number, k1: number, work: number): void;
  binary(op: number, a: number, b: number, out: number, rank: number, dims: number, aStr: number, bStr: number, idx: number): void;
  binaryRow(op: number, a: number, sa: number, b: number, sb: number, out: number, len: number): void;
  unary(op: number, x: number, out: number, size: number): void;
  activation(kind: number, x: number, y: number, size: number, alpha: number): void;
  activationBackward(kind: number, y: number, dy: number, dx: number, size: number, alpha: number): void;
  reduce(op: number, x: number, out: number, rank: number, dims: number, outStr: number, idx: number, outSize: number, count: number): void;
  argmax(x: number, out: number, outer: number, n: number, inner: number): void;
  softmax(x: number, out: number, rows: number, cols: number, log: number): void;
  softmaxCrossEntropy(x: number, t: number, loss: number, dx: number, rows: number, cols: number, sparse: number, smoothing: number): void;
  sigmoidCrossEntropy(x: number, t: number, loss: number, dx: number, size: number): void;
  meanSquaredError(p: number, t: number, loss: number, dp: number, size: number): void;
  conv2dWorkBytes(geo: number, probe: number): number;
  conv2d(x: number, w: number, bias: number, y: number, geo: number, work: number): void;
  conv2dBackwardInput(dy: number, w: number, dx: number, geo: number, work: number): void;
  conv2dBackwardFilter(x: number, dy: number, dw: number, geo: number, work: number): void;
  maxPool(x: number, y: number, geo: number): void;
  maxPoolBackward(x: number, dy: number, dx: number, geo: number): void;
  avgPool(x: number, y: number, geo: number): void;
  avgPoolBackward(dy: number, dx: number, geo: number): void;
  batchNormTrain(x: number, gamma: number, beta: number, y: number, mean: number, invStd: number, runMean: number, runVar: number,
    rows: number, cols: number, eps: number, momentum: number, work: number): void;
  batchNormInfer(x: number, gamma: number, beta: number, runMean: number, runVar: number, y: number, rows: number, cols: number, eps: number, work: number): void;
  batchNormBackward(x: number, dy: number, gamma: number, mean: number, invStd: number, dx: number, dgamma: number, dbeta: number,
    rows: number, cols: number, work: number): void;
  sgdUpdate(w: number, g: number, vel: number, size: number, lr: number, momentum: number, nesterov: number, wd: number): void;
  adamUpdate(w: number, g: number, m: number, v: number, size: number,
    lr: number, beta1: number, beta2: number, eps: number, l2: number, shrink: number, c1: number, c2: number): void;
  rmspropUpdate(w: number, g: number, sq: number, size: number, lr: number, alpha: number, eps: number, wd: number): void;
  sumSquares(x: number, size: number): number;
  fractionZeros(x: number, size: number): number;
  fractionOutside(x: number, size: number, lo: number, hi: number): number;
}

/** Operation codes shared with assembly/*.ts (the order of the constants there). */
export const BINARY_OPS = { add: 0, sub: 1, mul: 2, div: 3, pow: 4, max: 5, min: 6 } as const;
export const UNARY_OPS = { neg: 0, abs: 1, exp: 2, log: 3, sqrt: 4, square: 5, reciprocal: 6, sign: 7 } as const;
export const ACTIVATIONS = { relu: 0, leakyRelu: 1, sigmoid: 2, tanh: 3 } as const;
export const REDUCE_OPS = { sum: 0, mean: 1, max: 2, min: 3 } as const;
