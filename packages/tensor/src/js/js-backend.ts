import type {
  Activation, AdamParams, Backend, BackendMemory, BatchNormParams, BatchNormTrainParams, BinaryOp, Conv2dGeometry,
  DataId, MatmulParams, Pool2dGeometry, ReduceOp, RmspropParams, SgdParams, SoftmaxCrossEntropyParams, UnaryOp,
} from "../backend.js";
import { bytesPerElement, makeArray, type DType, type FloatArray } from "../dtype.js";
import type { StorageProbe } from "../kernel-contract/argument-checks.js";
import { KERNEL_CONTRACTS as contract } from "../kernel-contract/kernel-contracts.js";
import type { KernelName } from "../kernel-contract/kernel-name.js";
import type { Shape } from "../shape.js";
import { batchNormBackwardArrays, batchNormInferArrays, batchNormTrainArrays } from "./batchnorm.js";
import { conv2dArrays, conv2dBackwardFilterArrays, conv2dBackwardInputArrays } from "./conv2d.js";
import { activationArrays, activationBackwardArrays, binaryArrays, binaryScalarArrays, unaryArrays } from "./elementwise.js";
import { matmulArrays } from "./matmul.js";
import { adamUpdateArrays, rmspropUpdateArrays, sgdUpdateArrays } from "./optimizers.js";
import { avgPoolArrays, avgPoolBackwardArrays, maxPoolArrays, maxPoolBackwardArrays } from "./pool.js";
import { argmaxArrays, reduceArrays } from "./reduce.js";
import { meanSquaredErrorArrays, sigmoidCrossEntropyArrays, softmaxArrays, softmaxCrossEntropyArrays } from "./softmax.js";
import { fractionOutsideArray, fractionZerosArray, sumSquaresArray } from "./stats.js";

/** Storage of the JS backend: one typed array per buffer. */
interface JsData {
  array: FloatArray;
  freed: boolean;
  owner: JsBackend;
}

/**
 * Options of {@link JsBackend}.
 *
 * @example
 * new JsBackend({ dtype: "float64" } satisfies JsBackendOptions);
 */
export interface JsBackendOptions {
  /** float32 (default) for training, float64 for gradient checks. */
  dtype?: DType;
}

/**
 * The reference backend in plain JavaScript: what its kernels compute is what every kernel means.
 *
 * @example
 * import { JsBackend, setBackend } from "@chainrule/tensor";
 * setBackend(new JsBackend({ dtype: "float64" }));
 */
export class JsBackend implements Backend {
  readonly name: string;
  readonly dtype: DType;
  /**
   * What runs, in words: "js" (float32) or "js-f64".
   *
   * @example
   * new JsBackend({ dtype: "float64" }).label; // "js-f64"
   */
  readonly label: string;
  private live = 0;
  private liveBytes = 0;
  private scratchArray: FloatArray;
  private disposed = false;
  /** What the argument checks of KERNEL_CONTRACTS ask: live storage of this backend, and its length. */
  private readonly probe: StorageProbe;

  constructor(opts: JsBackendOptions = {}) {
    this.dtype = opts.dtype ?? "float32";
    this.name = this.dtype === "float64" ? "js-f64" : "js";
    this.label = this.name;
    this.probe = { name: this.name, elements: (id, kernel, arg) => this.storage(id, kernel, arg).array.length };
    this.scratchArray = makeArray(this.dtype, 0);
  }

  private storage(id: DataId, kernel: KernelName, arg: string): JsData {
    this.assertLive();
    const d = id as JsData;
    if (d.owner !== this) throw new Error(`${this.name} backend ${kernel}: ${arg} belongs to another backend`);
    if (d.freed) throw new Error(`${this.name} backend ${kernel}: ${arg} was freed (a disposed tensor?)`);
    return d;
  }

  /** The array behind a handle the kernel's contract check has vetted. */
  private arr(id: DataId): FloatArray {
    return (id as JsData).array;
  }

  private opt(id: DataId | null | undefined): FloatArray | null {
    return id ? this.arr(id) : null;
  }

  private scratch = (size: number): FloatArray => {
    if (this.scratchArray.length < size) this.scratchArray = makeArray(this.dtype, size);
    return this.scratchArray;
  };

  private assertLive(): void {
    if (this.disposed) throw new Error(`${this.name} backend: used after dispose()`);
  }

  alloc(size: number): DataId {
    contract.alloc.check(this.probe, size);
    this.assertLive();
    const data: JsData = { array: makeArray(this.dtype, size), freed: false, owner: this };
    this.live++;
    this.liveBytes += size * bytesPerElement(this.dtype);
    return data;
  }

  write(id: DataId, values: ArrayLike<number>, offset = 0): void {
    contract.write.check(this.probe, id, values, offset);
    this.arr(id).set(values, offset);
  }

  read(id: DataId): Promise<FloatArray> {
    contract.read.check(this.probe, id);
    return Promise.resolve(this.arr(id).slice());
  }

  readSync(id: DataId): FloatArray {
    contract.readSync.check(this.probe, id);
    return this.arr(id).slice();
  }

  free(id: DataId): void {
    const d = id as JsData;
    if (d.owner !== this || d.freed || this.disposed) return;
    d.freed = true;
    this.live--;
    this.liveBytes -= d.array.length * bytesPerElement(this.dtype);
  }

  dispose(): void {
    this.disposed = true;
    this.scratchArray = makeArray(this.dtype, 0);
    this.live = 0;
    this.liveBytes = 0;
  }

  memory(): BackendMemory {
    return { buffers: this.live, bytes: this.liveBytes };
  }

  fill(out: DataId, value: number, size: number): void {
    contract.fill.check(this.probe, out, value, size);
    this.arr(out).fill(value, 0, size);
  }

  copy(src: DataId, dst: DataId, size: number, srcOffset = 0, dstOffset = 0): void {
    contract.copy.check(this.probe, src, dst, size, srcOffset, dstOffset);
    this.arr(dst).set(this.arr(src).subarray(srcOffset, srcOffset + size), dstOffset);
  }

  matmul(a: DataId, b: DataId, out: DataId, p: MatmulParams): void {
    contract.matmul.check(this.probe, a, b, out, p);
    matmulArrays(this.arr(a), 0, this.arr(b), 0, this.arr(out), 0, this.opt(p.bias), {
      m: p.m, n: p.n, k: p.k, transA: !!p.transA, transB: !!p.transB, accumulate: !!p.accumulate,
    });
  }

  binary(op: BinaryOp, a: DataId, aShape: Shape, b: DataId, bShape: Shape, out: DataId, outShape: Shape): void {
    contract.binary.check(this.probe, op, a, aShape, b, bShape, out, outShape);
    binaryArrays(op, this.arr(a), aShape, this.arr(b), bShape, this.arr(out), outShape);
  }

  binaryScalar(op: BinaryOp, a: DataId, s: number, out: DataId, size: number, scalarFirst = false): void {
    contract.binaryScalar.check(this.probe, op, a, s, out, size, scalarFirst);
    binaryScalarArrays(op, this.arr(a), s, this.arr(out), size, scalarFirst);
  }

  unary(op: UnaryOp, x: DataId, out: DataId, size: number): void {
    contract.unary.check(this.probe, op, x, out, size);
    unaryArrays(op, this.arr(x), this.arr(out), size);
  }

  activation(kind: Activation, x: DataId, y: DataId, size: number, alpha = 0.01): void {
    contract.activation.check(this.probe, kind, x, y, size, alpha);
    activationArrays(kind, this.arr(x), this.arr(y), size, alpha);
  }

  activationBackward(kind: Activation, y: DataId, dy: DataId, dx: DataId, size: number, alpha = 0.01): void {
    contract.activationBackward.check(this.probe, kind, y, dy, dx, size, alpha);
    activationBackwardArrays(kind, this.arr(y), this.arr(dy), this.arr(dx), size, alpha);
  }

  reduce(op: ReduceOp, x: DataId, shape: Shape, axes: readonly number[], out: DataId): void {
    contract.reduce.check(this.probe, op, x, shape, axes, out);
    reduceArrays(op, this.arr(x), shape, axes, this.arr(out));
  }

  argmax(x: DataId, shape: Shape, axis: number, out: DataId): void {
    contract.argmax.check(this.probe, x, shape, axis, out);
    argmaxArrays(this.arr(x), shape, axis, this.arr(out));
  }

  softmax(x: DataId, out: DataId, rows: number, cols: number): void {
    contract.softmax.check(this.probe, x, out, rows, cols);
    softmaxArrays(this.arr(x), this.arr(out), rows, cols, false);
  }

  logSoftmax(x: DataId, out: DataId, rows: number, cols: number): void {
    contract.logSoftmax.check(this.probe, x, out, rows, cols);
    softmaxArrays(this.arr(x), this.arr(out), rows, cols, true);
  }

  softmaxCrossEntropy(logits: DataId, targets: DataId, loss: DataId, dlogits: DataId | null, p: SoftmaxCrossEntropyParams): void {
    contract.softmaxCrossEntropy.check(this.probe, logits, targets, loss, dlogits, p);
    softmaxCrossEntropyArrays(this.arr(logits), this.arr(targets), this.arr(loss), this.opt(dlogits), p);
  }

  sigmoidCrossEntropy(logits: DataId, targets: DataId, loss: DataId, dlogits: DataId | null, size: number): void {
    contract.sigmoidCrossEntropy.check(this.probe, logits, targets, loss, dlogits, size);
    sigmoidCrossEntropyArrays(this.arr(logits), this.arr(targets), this.arr(loss), this.opt(dlogits), size);
  }

  meanSquaredError(pred: DataId, targets: DataId, loss: DataId, dpred: DataId | null, size: number): void {
    contract.meanSquaredError.check(this.probe, pred, targets, loss, dpred, size);
    meanSquaredErrorArrays(this.arr(pred), this.arr(targets), this.arr(loss), this.opt(dpred), size);
  }

  conv2d(x: DataId, w: DataId, bias: DataId | null, y: DataId, g: Conv2dGeometry): void {
    contract.conv2d.check(this.probe, x, w, bias, y, g);
    conv2dArrays(this.arr(x), this.arr(w), this.opt(bias), this.arr(y), g, this.scratch);
  }

  conv2dBackwardInput(dy: DataId, w: DataId, dx: DataId, g: Conv2dGeometry): void {
    contract.conv2dBackwardInput.check(this.probe, dy, w, dx, g);
    conv2dBackwardInputArrays(this.arr(dy), this.arr(w), this.arr(dx), g, this.scratch);
  }

  conv2dBackwardFilter(x: DataId, dy: DataId, dw: DataId, g: Conv2dGeometry): void {
    contract.conv2dBackwardFilter.check(this.probe, x, dy, dw, g);
    conv2dBackwardFilterArrays(this.arr(x), this.arr(dy), this.arr(dw), g, this.scratch);
  }

  maxPool(x: DataId, y: DataId, g: Pool2dGeometry): void {
    contract.maxPool.check(this.probe, x, y, g);
    maxPoolArrays(this.arr(x), this.arr(y), g);
  }

  maxPoolBackward(x: DataId, dy: DataId, dx: DataId, g: Pool2dGeometry): void {
    contract.maxPoolBackward.check(this.probe, x, dy, dx, g);
    maxPoolBackwardArrays(this.arr(x), this.arr(dy), this.arr(dx), g);
  }

  avgPool(x: DataId, y: DataId, g: Pool2dGeometry): void {
    contract.avgPool.check(this.probe, x, y, g);
    avgPoolArrays(this.arr(x), this.arr(y), g);
  }

  avgPoolBackward(dy: DataId, dx: DataId, g: Pool2dGeometry): void {
    contract.avgPoolBackward.check(this.probe, dy, dx, g);
    avgPoolBackwardArrays(this.arr(dy), this.arr(dx), g);
  }

  batchNormTrain(
    x: DataId, gamma: DataId, beta: DataId, y: DataId, mean: DataId, invStd: DataId,
    runMean: DataId, runVar: DataId, p: BatchNormTrainParams,
  ): void {
    contract.batchNormTrain.check(this.probe, x, gamma, beta, y, mean, invStd, runMean, runVar, p);
    batchNormTrainArrays(
      this.arr(x), this.arr(gamma), this.arr(beta), this.arr(y), this.arr(mean), this.arr(invStd),
      this.arr(runMean), this.arr(runVar), p,
    );
  }

  batchNormInfer(x: DataId, gamma: DataId, beta: DataId, runMean: DataId, runVar: DataId, y: DataId, p: BatchNormParams): void {
    contract.batchNormInfer.check(this.probe, x, gamma, beta, runMean, runVar, y, p);
    batchNormInferArrays(this.arr(x), this.arr(gamma), this.arr(beta), this.arr(runMean), this.arr(runVar), this.arr(y), p);
  }

  batchNormBackward(
    x: DataId, dy: DataId, gamma: DataId, mean: DataId, invStd: DataId, dx: DataId, dgamma: DataId, dbeta: DataId, p: BatchNormParams,
  ): void {
    contract.batchNormBackward.check(this.probe, x, dy, gamma, mean, invStd, dx, dgamma, dbeta, p);
    batchNormBackwardArrays(
      this.arr(x), this.arr(dy), this.arr(gamma), this.arr(mean), this.arr(invStd),
      this.arr(dx), this.arr(dgamma), this.arr(dbeta), p,
    );
  }

  sgdUpdate(param: DataId, grad: DataId, velocity: DataId | null, size: number, p: SgdParams): void {
    contract.sgdUpdate.check(this.probe, param, grad, velocity, size, p);
    sgdUpdateArrays(this.arr(param), this.arr(grad), this.opt(velocity), size, p);
  }

  adamUpdate(param: DataId, grad: DataId, m: DataId, v: DataId, size: number, p: AdamParams): void {
    contract.adamUpdate.check(this.probe, param, grad, m, v, size, p);
    adamUpdateArrays(this.arr(param), this.arr(grad), this.arr(m), this.arr(v), size, p);
  }

  rmspropUpdate(param: DataId, grad: DataId, sq: DataId, size: number, p: RmspropParams): void {
    contract.rmspropUpdate.check(this.probe, param, grad, sq, size, p);
    rmspropUpdateArrays(this.arr(param), this.arr(grad), this.arr(sq), size, p);
  }

  sumSquares(x: DataId, size: number, out: DataId, index: number): void {
    contract.sumSquares.check(this.probe, x, size, out, index);
    this.arr(out)[index] = sumSquaresArray(this.arr(x), size);
  }

  fractionZeros(x: DataId, size: number, out: DataId, index: number): void {
    contract.fractionZeros.check(this.probe, x, size, out, index);
    this.arr(out)[index] = fractionZerosArray(this.arr(x), size);
  }

  fractionOutside(x: DataId, size: number, lo: number, hi: number, out: DataId, index: number): void {
    contract.fractionOutside.check(this.probe, x, size, lo, hi, out, index);
    this.arr(out)[index] = fractionOutsideArray(this.arr(x), size, lo, hi);
  }
}
