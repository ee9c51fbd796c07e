import { checkAxis, checkCount, checkHolds, checkHoldsIfGiven, checkPositive, checkShape, refuse, type StorageProbe } from "./argument-checks.js";
import {
  checkBinaryInPlace, checkBroadcast, checkColumns, checkElementwise, checkLoss, checkMatrix, checkPool, checkReducedSize, checkRows, checkStat,
} from "./family-checks.js";
import type { KernelArgs, KernelName } from "./kernel-name.js";
import { checkConvGeometry } from "./window-checks.js";

/**
 * How a kernel uses a storage argument: reads it (`in`), writes it (`out`; matmul's out is also
 * read when it accumulates), or reads and updates it by design (`inout`: optimizer state, running
 * statistics). A GPU backend binds `in` as read-only storage and the others as writable.
 *
 * @example
 * KERNEL_CONTRACTS.adamUpdate.buffers.m satisfies BufferRole; // "inout"
 */
export type BufferRole = "in" | "out" | "inout";

/** One name per argument of a kernel (a generic, so that the mapped type keeps the tuple's length). */
type ArgNames<Args extends readonly unknown[]> = { readonly [I in keyof Args]-?: string };

/**
 * What every backend may assume about one kernel's arguments, and must allow.
 *
 * @example
 * const c: KernelContract<"softmax"> = KERNEL_CONTRACTS.softmax;
 * c.buffers; // { x: "in", out: "out" }
 * c.inPlace; // []: out must not be x
 */
export interface KernelContract<K extends KernelName> {
  /** The arguments' names, in order, as the Backend interface declares them. */
  readonly args: ArgNames<KernelArgs<K>>;
  /** Every storage argument and its role; `p.bias` names field bias of argument p. */
  readonly buffers: Readonly<Record<string, BufferRole>>;
  /**
   * The in-place rule: [output, input] pairs that may be the same storage. Any other output sharing
   * storage with another argument is an error (`checkedBackend` throws on it).
   */
  readonly inPlace: readonly (readonly [output: string, input: string])[];
  /**
   * Checks sizes, shapes, axes, offsets and geometry, and that each storage argument holds the
   * elements the kernel will touch; throws a RangeError naming the backend, the kernel and the
   * argument. Allocates nothing: backends call it on every kernel call.
   */
  check(probe: StorageProbe, ...args: KernelArgs<K>): void;
}

const IN_OUT = { x: "in", out: "out" } as const;
const NOTHING = {} as const;

/**
 * The contract of every kernel of the Backend interface, in one place: argument checks that every
 * backend runs (so a new backend writes none), the role of each storage argument, and the in-place
 * rule (which output may share storage with which input; see `Backend`). The type makes the
 * compiler reject this table when the interface gains a method it does not cover.
 *
 * @example
 * // in a backend's kernel, before touching memory:
 * KERNEL_CONTRACTS.matmul.check(this.probe, a, b, out, p);
 */
export const KERNEL_CONTRACTS: { readonly [K in KernelName]: KernelContract<K> } = {
  // ---- storage and lifecycle ----
  alloc: { args: ["size"], buffers: NOTHING, inPlace: [], check: (p, size) => checkCount(p, "alloc", "size", size) },
  write: {
    args: ["id", "values", "offset"], buffers: { id: "out" }, inPlace: [],
    check(p, id, values, offset = 0) {
      const size = p.elements(id, "write", "id");
      const last = size - values.length;
      if (!(Number.isInteger(offset) && offset >= 0 && offset <= last)) {
        refuse(p, "write", `cannot write ${values.length} values at offset ${offset} into storage of ${size} ` +
          (last < 0 ? "(too many values)" : `(the offset must be an integer from 0 to ${last})`));
      }
    },
  },
  read: { args: ["id"], buffers: { id: "in" }, inPlace: [], check: (p, id) => checkHolds(p, "read", "id", id, 0) },
  readSync: { args: ["id"], buffers: { id: "in" }, inPlace: [], check: (p, id) => checkHolds(p, "readSync", "id", id, 0) },
  // free must not throw (a tensor freed after its backend, or by the finalizer), so it checks nothing
  // and lists no buffer: it neither reads nor writes one
  free: { args: ["id"], buffers: NOTHING, inPlace: [], check: () => {} },
  memory: { args: [], buffers: NOTHING, inPlace: [], check: () => {} },
  dispose: { args: [], buffers: NOTHING, inPlace: [], check: () => {} },

  // ---- data movement ----
  fill: {
    args: ["out", "value", "size"], buffers: { out: "out" }, inPlace: [],
    check(p, out, _value, size) {
      checkCount(p, "fill", "size", size);
      checkHolds(p, "fill", "out", out, size);
    },
  },
  copy: {
    args: ["src", "dst", "size", "srcOffset", "dstOffset"], buffers: { src: "in", dst: "out" }, inPlace: [],
    check(p, src, dst, size, srcOffset = 0, dstOffset = 0) {
      checkCount(p, "copy", "size", size);
      checkCount(p, "copy", "srcOffset", srcOffset);
      checkCount(p, "copy", "dstOffset", dstOffset);
      checkHolds(p, "copy", "src", src, srcOffset + size);
      checkHolds(p, "copy", "dst", dst, dstOffset + size);
    },
  },

  // ---- linear algebra ----
  matmul: {
    args: ["a", "b", "out", "p"], buffers: { a: "in", b: "in", "p.bias": "in", out: "out" }, inPlace: [],
    check(p, a, b, out, { m, n, k, bias }) {
      checkCount(p, "matmul", "m", m);
      checkCount(p, "matmul", "n", n);
      checkCount(p, "matmul", "k", k);
      checkHolds(p, "matmul", "a", a, m * k);
      checkHolds(p, "matmul", "b", b, k * n);
      checkHolds(p, "matmul", "out", out, m * n);
      checkHoldsIfGiven(p, "matmul", "p.bias", bias, n);
    },
  },

  // ---- elementwise ----
  binary: {
    args: ["op", "a", "aShape", "b", "bShape", "out", "outShape"], buffers: { a: "in", b: "in", out: "out" }, inPlace: [["out", "a"], ["out", "b"]],
    check(p, _op, a, aShape, b, bShape, out, outShape) {
      const aSize = checkShape(p, "binary", "aShape", aShape);
      const bSize = checkShape(p, "binary", "bShape", bShape);
      const outSize = checkShape(p, "binary", "outShape", outShape);
      checkBroadcast(p, aShape, bShape, outShape);
      checkHolds(p, "binary", "a", a, aSize);
      checkHolds(p, "binary", "b", b, bSize);
      checkHolds(p, "binary", "out", out, outSize);
      checkBinaryInPlace(p, "a", a, aSize, out, outSize);
      checkBinaryInPlace(p, "b", b, bSize, out, outSize);
    },
  },
  binaryScalar: {
    args: ["op", "a", "s", "out", "size", "scalarFirst"], buffers: { a: "in", out: "out" }, inPlace: [["out", "a"]],
    check: (p, _op, a, _s, out, size) => checkElementwise(p, "binaryScalar", size, a, "a", out, "out"),
  },
  unary: { args: ["op", "x", "out", "size"], buffers: IN_OUT, inPlace: [["out", "x"]], check: (p, _op, x, out, size) => checkElementwise(p, "unary", size, x, "x", out, "out") },
  activation: {
    args: ["kind", "x", "y", "size", "alpha"], buffers: { x: "in", y: "out" }, inPlace: [["y", "x"]],
    check: (p, _kind, x, y, size) => checkElementwise(p, "activation", size, x, "x", y, "y"),
  },
  activationBackward: {
    args: ["kind", "y", "dy", "dx", "size", "alpha"], buffers: { y: "in", dy: "in", dx: "out" }, inPlace: [["dx", "dy"]],
    check(p, _kind, y, dy, dx, size) {
      checkElementwise(p, "activationBackward", size, y, "y", dy, "dy");
      checkHolds(p, "activationBackward", "dx", dx, size);
    },
  },

  // ---- reductions ----
  reduce: {
    args: ["op", "x", "shape", "axes", "out"], buffers: IN_OUT, inPlace: [],
    check(p, _op, x, shape, axes, out) {
      const size = checkShape(p, "reduce", "shape", shape);
      const kept = checkReducedSize(p, shape, axes);
      checkHolds(p, "reduce", "x", x, size);
      checkHolds(p, "reduce", "out", out, kept);
    },
  },
  argmax: {
    args: ["x", "shape", "axis", "out"], buffers: IN_OUT, inPlace: [],
    check(p, x, shape, axis, out) {
      const size = checkShape(p, "argmax", "shape", shape);
      checkAxis(p, "argmax", axis, shape.length);
      let kept = 1;
      for (let d = 0; d < shape.length; d++) if (d !== axis) kept *= shape[d];
      checkHolds(p, "argmax", "x", x, size);
      checkHolds(p, "argmax", "out", out, kept);
    },
  },

  // ---- softmax and losses ----
  softmax: { args: ["x", "out", "rows", "cols"], buffers: IN_OUT, inPlace: [], check: (p, x, out, rows, cols) => checkRows(p, "softmax", x, out, rows, cols) },
  logSoftmax: { args: ["x", "out", "rows", "cols"], buffers: IN_OUT, inPlace: [], check: (p, x, out, rows, cols) => checkRows(p, "logSoftmax", x, out, rows, cols) },
  softmaxCrossEntropy: {
    args: ["logits", "targets", "loss", "dlogits", "p"], buffers: { logits: "in", targets: "in", loss: "out", dlogits: "out" }, inPlace: [],
    check(p, logits, targets, loss, dlogits, { rows, cols, sparse }) {
      checkCount(p, "softmaxCrossEntropy", "rows", rows);
      checkCount(p, "softmaxCrossEntropy", "cols", cols);
      checkHolds(p, "softmaxCrossEntropy", "logits", logits, rows * cols);
      checkHolds(p, "softmaxCrossEntropy", "targets", targets, sparse ? rows : rows * cols);
      checkHolds(p, "softmaxCrossEntropy", "loss", loss, 1);
      checkHoldsIfGiven(p, "softmaxCrossEntropy", "dlogits", dlogits, rows * cols);
    },
  },
  sigmoidCrossEntropy: {
    args: ["logits", "targets", "loss", "dlogits", "size"], buffers: { logits: "in", targets: "in", loss: "out", dlogits: "out" }, inPlace: [],
    check: (p, logits, targets, loss, dlogits, size) => checkLoss(p, "sigmoidCrossEntropy", size, logits, "logits", targets, loss, dlogits, "dlogits"),
  },
  meanSquaredError: {
    args: ["pred", "targets", "loss", "dpred", "size"], buffers: { pred: "in", targets: "in", loss: "out", dpred: "out" }, inPlace: [],
    check: (p, pred, targets, loss, dpred, size) => checkLoss(p, "meanSquaredError", size, pred, "pred", targets, loss, dpred, "dpred"),
  },

  // ---- convolution and pooling (NHWC) ----
  conv2d: {
    args: ["x", "w", "bias", "y", "g"], buffers: { x: "in", w: "in", bias: "in", y: "out" }, inPlace: [],
    check(p, x, w, bias, y, g) {
      checkConvGeometry(p, "conv2d", g);
      checkHolds(p, "conv2d", "x", x, g.batch * g.inH * g.inW * g.inC);
      checkHolds(p, "conv2d", "w", w, g.kH * g.kW * g.inC * g.outC);
      checkHoldsIfGiven(p, "conv2d", "bias", bias, g.outC);
      checkHolds(p, "conv2d", "y", y, g.batch * g.outH * g.outW * g.outC);
    },
  },
  conv2dBackwardInput: {
    args: ["dy", "w", "dx", "g"], buffers: { dy: "in", w: "in", dx: "out" }, inPlace: [],
    check(p, dy, w, dx, g) {
      checkConvGeometry(p, "conv2dBackwardInput", g);
      checkHolds(p, "conv2dBackwardInput", "dy", dy, g.batch * g.outH * g.outW * g.outC);
      checkHolds(p, "conv2dBackwardInput", "w", w, g.kH * g.kW * g.inC * g.outC);
      checkHolds(p, "conv2dBackwardInput", "dx", dx, g.batch * g.inH * g.inW * g.inC);
    },
  },
  conv2dBackwardFilter: {
    args: ["x", "dy", "dw", "g"], buffers: { x: "in", dy: "in", dw: "out" }, inPlace: [],
    check(p, x, dy, dw, g) {
      checkConvGeometry(p, "conv2dBackwardFilter", g);
      checkHolds(p, "conv2dBackwardFilter", "x", x, g.batch * g.inH * g.inW * g.inC);
      checkHolds(p, "conv2dBackwardFilter", "dy", dy, g.batch * g.outH * g.outW * g.outC);
      checkHolds(p, "conv2dBackwardFilter", "dw", dw, g.kH * g.kW * g.inC * g.outC);
    },
  },
  maxPool: { args: ["x", "y", "g"], buffers: { x: "in", y: "out" }, inPlace: [], check: (p, x, y, g) => checkPool(p, "maxPool", g, x, "x", y, "y") },
  maxPoolBackward: {
    args: ["x", "dy", "dx", "g"], buffers: { x: "in", dy: "in", dx: "out" }, inPlace: [],
    check(p, x, dy, dx, g) {
      checkPool(p, "maxPoolBackward", g, x, "x", dy, "dy");
      checkHolds(p, "maxPoolBackward", "dx", dx, g.batch * g.inH * g.inW * g.channels);
    },
  },
  avgPool: { args: ["x", "y", "g"], buffers: { x: "in", y: "out" }, inPlace: [], check: (p, x, y, g) => checkPool(p, "avgPool", g, x, "x", y, "y") },
  avgPoolBackward: {
    args: ["dy", "dx", "g"], buffers: { dy: "in", dx: "out" }, inPlace: [],
    check: (p, dy, dx, g) => checkPool(p, "avgPoolBackward", g, dx, "dx", dy, "dy"),
  },

  // ---- batch norm over the last axis ----
  batchNormTrain: {
    args: ["x", "gamma", "beta", "y", "mean", "invStd", "runMean", "runVar", "p"],
    buffers: { x: "in", gamma: "in", beta: "in", y: "out", mean: "out", invStd: "out", runMean: "inout", runVar: "inout" },
    inPlace: [],
    check(p, x, gamma, beta, y, mean, invStd, runMean, runVar, { rows, cols }) {
      const k = "batchNormTrain";
      checkMatrix(p, k, rows, cols, x, "x", y, "y");
      checkColumns(p, k, cols, gamma, "gamma", beta, "beta", mean, "mean");
      checkColumns(p, k, cols, invStd, "invStd", runMean, "runMean", runVar, "runVar");
    },
  },
  batchNormInfer: {
    args: ["x", "gamma", "beta", "runMean", "runVar", "y", "p"],
    buffers: { x: "in", gamma: "in", beta: "in", runMean: "in", runVar: "in", y: "out" },
    inPlace: [],
    check(p, x, gamma, beta, runMean, runVar, y, { rows, cols }) {
      const k = "batchNormInfer";
      checkMatrix(p, k, rows, cols, x, "x", y, "y");
      checkColumns(p, k, cols, gamma, "gamma", beta, "beta", runMean, "runMean");
      checkHolds(p, k, "runVar", runVar, cols);
    },
  },
  batchNormBackward: {
    args: ["x", "dy", "gamma", "mean", "invStd", "dx", "dgamma", "dbeta", "p"],
    buffers: { x: "in", dy: "in", gamma: "in", mean: "in", invStd: "in", dx: "out", dgamma: "out", dbeta: "out" },
    inPlace: [],
    check(p, x, dy, gamma, mean, invStd, dx, dgamma, dbeta, { rows, cols }) {
      const k = "batchNormBackward";
      checkMatrix(p, k, rows, cols, x, "x", dy, "dy");
      checkHolds(p, k, "dx", dx, rows * cols);
      checkColumns(p, k, cols, gamma, "gamma", mean, "mean", invStd, "invStd");
      checkHolds(p, k, "dgamma", dgamma, cols);
      checkHolds(p, k, "dbeta", dbeta, cols);
    },
  },

  // ---- optimizer steps: param and state are updated in place by design ----
  sgdUpdate: {
    args: ["param", "grad", "velocity", "size", "p"], buffers: { param: "inout", grad: "in", velocity: "inout" }, inPlace: [],
    check(p, param, grad, velocity, size, { momentum }) {
      checkElementwise(p, "sgdUpdate", size, param, "param", grad, "grad");
      // without this, a missing velocity would silently turn momentum SGD into plain SGD
      if (momentum !== 0 && !velocity) refuse(p, "sgdUpdate", `momentum ${momentum} needs a velocity buffer`);
      checkHoldsIfGiven(p, "sgdUpdate", "velocity", velocity, size);
    },
  },
  adamUpdate: {
    args: ["param", "grad", "m", "v", "size", "p"], buffers: { param: "inout", grad: "in", m: "inout", v: "inout" }, inPlace: [],
    check(p, param, grad, m, v, size, { step }) {
      checkElementwise(p, "adamUpdate", size, param, "param", grad, "grad");
      checkElementwise(p, "adamUpdate", size, m, "m", v, "v");
      // the bias corrections divide by 1 − β^step, which is 0 at step 0
      checkPositive(p, "adamUpdate", "step", step);
    },
  },
  rmspropUpdate: {
    args: ["param", "grad", "sq", "size", "p"], buffers: { param: "inout", grad: "in", sq: "inout" }, inPlace: [],
    check(p, param, grad, sq, size) {
      checkElementwise(p, "rmspropUpdate", size, param, "param", grad, "grad");
      checkHolds(p, "rmspropUpdate", "sq", sq, size);
    },
  },

  // ---- statistics, written into out[index] ----
  sumSquares: { args: ["x", "size", "out", "index"], buffers: IN_OUT, inPlace: [], check: (p, x, size, out, index) => checkStat(p, "sumSquares", x, size, out, index) },
  fractionZeros: { args: ["x", "size", "out", "index"], buffers: IN_OUT, inPlace: [], check: (p, x, size, out, index) => checkStat(p, "fractionZeros", x, size, out, index) },
  fractionOutside: {
    args: ["x", "size", "lo", "hi", "out", "index"], buffers: IN_OUT, inPlace: [],
    check: (p, x, size, _lo, _hi, out, index) => checkStat(p, "fractionOutside", x, size, out, index),
  },
};
