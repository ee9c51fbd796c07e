import type { DType, FloatArray } from "./dtype.js";
import type { Shape } from "./shape.js";

/**
 * Opaque handle to storage owned by one backend: a Float32Array in JS, a region of linear memory
 * in WASM, a GPUBuffer in WebGPU. Only the backend that made it may look inside.
 *
 * @example
 * const id: DataId = backend.alloc(784);
 */
export type DataId = object;

/**
 * Elementwise binary ops; all broadcast with NumPy rules.
 *
 * @example
 * backend.binary("add" satisfies BinaryOp, a, [64, 10], b, [10], out, [64, 10]);
 */
export type BinaryOp = "add" | "sub" | "mul" | "div" | "pow" | "max" | "min";

/**
 * Elementwise unary ops.
 *
 * @example
 * backend.unary("exp" satisfies UnaryOp, x, y, size);
 */
export type UnaryOp = "neg" | "abs" | "exp" | "log" | "sqrt" | "square" | "reciprocal" | "sign";

/**
 * Activations that have a backward form written in terms of their output y.
 *
 * @example
 * backend.activation("relu" satisfies Activation, x, y, size);
 */
export type Activation = "relu" | "leakyRelu" | "sigmoid" | "tanh";

/**
 * Reductions over a set of axes.
 *
 * @example
 * backend.reduce("mean" satisfies ReduceOp, x, [64, 10], [0], out); // out: [10]
 */
export type ReduceOp = "sum" | "mean" | "max" | "min";

/**
 * out[m, n] = op(a) · op(b) (+ bias[n]) (+ out when accumulating).
 * a is [m, k], or [k, m] when transA; b is [k, n], or [n, k] when transB. All row-major.
 *
 * @example
 * backend.matmul(x, w, y, { m: 64, n: 128, k: 784, bias: b } satisfies MatmulParams);
 */
export interface MatmulParams {
  m: number;
  n: number;
  k: number;
  transA?: boolean;
  transB?: boolean;
  /** Optional [n] vector added to every row (the fused bias of a Dense layer). */
  bias?: DataId | null;
  /** Add into out instead of overwriting it (beta = 1). */
  accumulate?: boolean;
}

/**
 * Geometry of a 2-D convolution. Images are NHWC: x is [batch, inH, inW, inC], y is
 * [batch, outH, outW, outC]; the filter is HWIO: [kH, kW, inC, outC].
 *
 * Why NHWC: the kH·kW·inC values under one output pixel are then kH runs of kW·inC contiguous
 * numbers, so im2col is a few memcpy-sized copies and conv becomes one [pixels, kH·kW·inC] x
 * [kH·kW·inC, outC] matmul with the filter used as stored. Batch norm, bias and softmax all act on the
 * last axis, so an image is just a [batch·H·W, C] matrix to them. MNIST arrives as [N, 28, 28, 1].
 *
 * Output position (oy, ox) reads input rows oy·strideH − padTop + ky (same for columns); reads
 * outside the image are zero.
 *
 * @example
 * const g: Conv2dGeometry = conv2dGeometry([64, 28, 28, 1], [5, 5, 1, 8]); // outH = outW = 24
 */
export interface Conv2dGeometry {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  outC: number;
  kH: number;
  kW: number;
  strideH: number;
  strideW: number;
  padTop: number;
  padLeft: number;
}

/**
 * Geometry of 2-D pooling over NHWC images: x [batch, inH, inW, channels] →
 * y [batch, outH, outW, channels]. Window cells outside the image are ignored (max pool never picks
 * them; average pool divides by the number of cells inside the image, as TF's `same` does).
 *
 * @example
 * const g: Pool2dGeometry = pool2dGeometry([64, 24, 24, 8], 2); // outH = outW = 12
 */
export interface Pool2dGeometry {
  batch: number;
  inH: number;
  inW: number;
  channels: number;
  outH: number;
  outW: number;
  kH: number;
  kW: number;
  strideH: number;
  strideW: number;
  padTop: number;
  padLeft: number;
}

/**
 * Batch norm over the last axis of a [rows, cols] view: for a flat input rows = batch, for an NHWC
 * image rows = batch·H·W and cols = channels.
 *
 * @example
 * backend.batchNormInfer(x, gamma, beta, runMean, runVar, y, { rows: 64 * 24 * 24, cols: 8, eps: 1e-5 } satisfies BatchNormParams);
 */
export interface BatchNormParams {
  rows: number;
  cols: number;
  eps: number;
}

/**
 * Batch norm in training mode also folds the batch statistics into the running ones.
 *
 * @example
 * const p: BatchNormTrainParams = { rows: 64, cols: 128, eps: 1e-5, momentum: 0.1 };
 */
export interface BatchNormTrainParams extends BatchNormParams {
  /** PyTorch's momentum: run = (1 − momentum)·run + momentum·batch (variance unbiased). */
  momentum: number;
}

/**
 * SGD with PyTorch's semantics: g += wd·p; v = μ·v + g; g = nesterov ? g + μ·v : v; p -= lr·g.
 *
 * @example
 * backend.sgdUpdate(w, dw, velocity, size, { lr: 0.1, momentum: 0.9, nesterov: false, weightDecay: 0 } satisfies SgdParams);
 */
export interface SgdParams {
  lr: number;
  momentum: number;
  nesterov: boolean;
  weightDecay: number;
}

/**
 * Adam (decoupled = false: L2 added to the gradient) or AdamW (decoupled = true: p *= 1 − lr·wd).
 * m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; p −= lr · (m / (1−β1^t)) / (sqrt(v / (1−β2^t)) + eps).
 *
 * @example
 * const p: AdamParams = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, step: 1 };
 */
export interface AdamParams {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  decoupled: boolean;
  /** 1-based step count t, for the bias corrections. */
  step: number;
}

/**
 * RMSProp as in PyTorch: g += wd·p; s = α·s + (1−α)·g²; p −= lr · g / (sqrt(s) + eps).
 *
 * @example
 * const p: RmspropParams = { lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0 };
 */
export interface RmspropParams {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
}

/**
 * Softmax cross-entropy over rows of logits [rows, cols].
 *
 * @example
 * backend.softmaxCrossEntropy(logits, labels, loss, dlogits, { rows: 64, cols: 10, sparse: true, smoothing: 0 } satisfies SoftmaxCrossEntropyParams);
 */
export interface SoftmaxCrossEntropyParams {
  rows: number;
  cols: number;
  /** true: targets is [rows] of class indices; false: targets is [rows, cols] of probabilities. */
  sparse: boolean;
  /** Label smoothing ε: the target becomes (1−ε)·target + ε/cols. */
  smoothing: number;
}

/**
 * Live storage of one backend.
 *
 * @example
 * const { buffers, bytes }: BackendMemory = backend.memory();
 */
export interface BackendMemory {
  buffers: number;
  bytes: number;
}

/**
 * The kernels every backend implements. The JS backend is the reference: the meaning of a kernel
 * is what `JsBackend` computes. Every kernel writes into outputs the caller allocated, so a
 * training step can run without allocating; sizes are element counts. A kernel reads and writes
 * only the elements its sizes and shapes name: storage may be longer than that (a reused buffer).
 * Sizes, shapes, axes, offsets and geometry are checked once for every backend by
 * `KERNEL_CONTRACTS`, which also lists each kernel's inputs and outputs.
 *
 * In place. An output never shares storage (the same DataId) with another argument of the same
 * call, except in these pairs, which every backend must compute as if out were a separate buffer:
 * - `binary`: out = a, or out = b, when that operand is not broadcast (its shape has out's size);
 * - `binaryScalar`: out = a; `unary`: out = x; `activation`: y = x;
 * - `activationBackward`: dx = dy.
 * In-out arguments are read and updated in place by design, and share storage with nothing else:
 * param and velocity of `sgdUpdate`, param, m and v of `adamUpdate`, param and sq of
 * `rmspropUpdate`, runMean and runVar of `batchNormTrain` (and out of `matmul` when it
 * accumulates). Every other kernel needs its outputs apart from its inputs: matmul, copy, reduce,
 * argmax, softmax, losses, conv, pooling, batch norm and the statistics. Why so strict: a GPU
 * binds each output as writable storage, and WebGPU refuses one buffer bound as writable and as
 * another binding in the same dispatch, so each allowed pair costs a GPU backend its own shader.
 * `checkedBackend(backend)` throws on any other alias.
 *
 * @example
 * const backend: Backend = new JsBackend(); // or a WASM / GPU one: each passes runConformance first
 */
export interface Backend {
  readonly name: string;
  readonly dtype: DType;
  /** A human description of what runs, for logs and reports: "js", "js-f64", "wasm, fma, 2 threads". */
  readonly label: string;

  // ---- storage ----
  /** New zeroed storage for `size` elements. */
  alloc(size: number): DataId;
  /** Copies host values into storage, starting at element `offset` (default 0). */
  write(id: DataId, values: ArrayLike<number>, offset?: number): void;
  /** Copies storage to the host. Asynchronous: a GPU backend must wait for the device. */
  read(id: DataId): Promise<FloatArray>;
  /** Synchronous read, for CPU backends only. */
  readSync?(id: DataId): FloatArray;
  /** Releases storage; the handle must not be used again. */
  free(id: DataId): void;
  /** Live buffers and bytes. */
  memory(): BackendMemory;
  /**
   * Ends the backend: releases its storage and whatever else it holds (WASM: workers and linear
   * memory), so a Node process can exit. Every later call throws, except `free` (a tensor freed
   * after its backend, or by the finalizer, must not crash), `memory` (all zeros) and a second
   * `dispose`, which do nothing.
   */
  dispose(): void;

  // ---- data movement ----
  /** out[0..size) = value. */
  fill(out: DataId, value: number, size: number): void;
  /** dst[dstOffset + i] = src[srcOffset + i] for i < size (offsets default to 0). */
  copy(src: DataId, dst: DataId, size: number, srcOffset?: number, dstOffset?: number): void;

  // ---- linear algebra ----
  /** See {@link MatmulParams}. */
  matmul(a: DataId, b: DataId, out: DataId, p: MatmulParams): void;

  // ---- elementwise ----
  /**
   * out = a op b with broadcasting; outShape = broadcast(aShape, bShape). May run in place: out = a
   * (or b) when that operand has out's size.
   */
  binary(op: BinaryOp, a: DataId, aShape: Shape, b: DataId, bShape: Shape, out: DataId, outShape: Shape): void;
  /** out = a op s, or s op a when `scalarFirst`; size elements. May run in place (out = a). */
  binaryScalar(op: BinaryOp, a: DataId, s: number, out: DataId, size: number, scalarFirst?: boolean): void;
  /** out = op(x); size elements. May run in place (out = x). */
  unary(op: UnaryOp, x: DataId, out: DataId, size: number): void;
  /**
   * y = f(x): relu max(x, 0); leakyRelu x > 0 ? x : α·x (α defaults to 0.01); sigmoid 1/(1+e^−x);
   * tanh. May run in place (y = x).
   */
  activation(kind: Activation, x: DataId, y: DataId, size: number, alpha?: number): void;
  /**
   * dx = dy · f'(x), written with the forward output y so a layer caches only y:
   * relu y > 0; leakyRelu y > 0 ? 1 : α (α > 0, default 0.01); sigmoid y·(1−y); tanh 1−y².
   * May run in place (dx = dy).
   */
  activationBackward(kind: Activation, y: DataId, dy: DataId, dx: DataId, size: number, alpha?: number): void;

  // ---- reductions ----
  /** Reduces x (of `shape`) over sorted unique `axes`; out has the shape with those axes removed. */
  reduce(op: ReduceOp, x: DataId, shape: Shape, axes: readonly number[], out: DataId): void;
  /** Index (as a number) of the first maximum along `axis`; out has the shape with axis removed. */
  argmax(x: DataId, shape: Shape, axis: number, out: DataId): void;

  // ---- softmax and losses ----
  /** Row-wise softmax of [rows, cols], computed stably as exp(x − max) / Σ. */
  softmax(x: DataId, out: DataId, rows: number, cols: number): void;
  /** Row-wise log-softmax: x − max − log Σ exp(x − max). */
  logSoftmax(x: DataId, out: DataId, rows: number, cols: number): void;
  /**
   * loss[0] = mean over rows of −Σ_c q_c · log softmax(x)_c, with q the (smoothed) target;
   * dlogits = (softmax(x) − q) / rows. dlogits may be null when only the loss is wanted.
   */
  softmaxCrossEntropy(logits: DataId, targets: DataId, loss: DataId, dlogits: DataId | null, p: SoftmaxCrossEntropyParams): void;
  /**
   * Binary cross-entropy from logits, elementwise, averaged over `size`:
   * loss[0] = mean(max(x,0) − x·t + log(1 + e^−|x|)); dx = (sigmoid(x) − t) / size.
   */
  sigmoidCrossEntropy(logits: DataId, targets: DataId, loss: DataId, dlogits: DataId | null, size: number): void;
  /** loss[0] = mean((p − t)²); dp = 2·(p − t) / size. */
  meanSquaredError(pred: DataId, targets: DataId, loss: DataId, dpred: DataId | null, size: number): void;

  // ---- convolution and pooling (NHWC) ----
  /** y = conv(x, w) + bias[outC]; see {@link Conv2dGeometry}. */
  conv2d(x: DataId, w: DataId, bias: DataId | null, y: DataId, g: Conv2dGeometry): void;
  /** dx = ∂L/∂x from dy: the transposed convolution of dy with w. Overwrites dx. */
  conv2dBackwardInput(dy: DataId, w: DataId, dx: DataId, g: Conv2dGeometry): void;
  /** dw = ∂L/∂w: correlation of x with dy, summed over the batch. Overwrites dw. */
  conv2dBackwardFilter(x: DataId, dy: DataId, dw: DataId, g: Conv2dGeometry): void;
  /** y = max over each window. */
  maxPool(x: DataId, y: DataId, g: Pool2dGeometry): void;
  /** dx: each window routes dy to the first position holding its maximum (found again from x). */
  maxPoolBackward(x: DataId, dy: DataId, dx: DataId, g: Pool2dGeometry): void;
  /** y = mean over the window cells inside the image. */
  avgPool(x: DataId, y: DataId, g: Pool2dGeometry): void;
  /** dx: each window spreads dy / count evenly over its cells inside the image. */
  avgPoolBackward(dy: DataId, dx: DataId, g: Pool2dGeometry): void;

  // ---- batch norm over the last axis ----
  /**
   * Training: μ, σ² of each column over rows (biased σ²); y = γ·(x − μ)·invStd + β with
   * invStd = 1/sqrt(σ² + eps). Writes mean and invStd (each [cols]) for backward, and updates
   * runMean / runVar in place with the unbiased σ²·rows/(rows−1).
   */
  batchNormTrain(
    x: DataId, gamma: DataId, beta: DataId, y: DataId, mean: DataId, invStd: DataId,
    runMean: DataId, runVar: DataId, p: BatchNormTrainParams,
  ): void;
  /** Inference: y = γ·(x − runMean)/sqrt(runVar + eps) + β. */
  batchNormInfer(x: DataId, gamma: DataId, beta: DataId, runMean: DataId, runVar: DataId, y: DataId, p: BatchNormParams): void;
  /**
   * With x̂ = (x − μ)·invStd: dβ = Σ dy; dγ = Σ dy·x̂;
   * dx = γ·invStd/rows · (rows·dy − dβ − x̂·dγ). Sums run over rows.
   */
  batchNormBackward(x: DataId, dy: DataId, gamma: DataId, mean: DataId, invStd: DataId, dx: DataId, dgamma: DataId, dbeta: DataId, p: BatchNormParams): void;

  // ---- optimizer steps, in place ----
  /** See {@link SgdParams}; velocity may be null when momentum is 0. */
  sgdUpdate(param: DataId, grad: DataId, velocity: DataId | null, size: number, p: SgdParams): void;
  /** See {@link AdamParams}. */
  adamUpdate(param: DataId, grad: DataId, m: DataId, v: DataId, size: number, p: AdamParams): void;
  /** See {@link RmspropParams}. */
  rmspropUpdate(param: DataId, grad: DataId, sq: DataId, size: number, p: RmspropParams): void;

  // ---- statistics, written into a slot of a small buffer the host reads once per step ----
  /** out[index] = Σ x². */
  sumSquares(x: DataId, size: number, out: DataId, index: number): void;
  /** out[index] = fraction of elements that are exactly 0 (dead ReLU outputs). */
  fractionZeros(x: DataId, size: number, out: DataId, index: number): void;
  /** out[index] = fraction of elements ≤ lo or ≥ hi (saturated sigmoid / tanh outputs). */
  fractionOutside(x: DataId, size: number, lo: number, hi: number, out: DataId, index: number): void;
}
