import {
  sizeOf, type Activation, type AdamParams, type Backend, type BackendMemory, type BatchNormParams, type BatchNormTrainParams,
  type BinaryOp, type Conv2dGeometry, type DataId, type MatmulParams, type Pool2dGeometry, type ReduceOp, type RmspropParams,
  type SgdParams, type Shape, type SoftmaxCrossEntropyParams, type UnaryOp,
} from "@chainrule/tensor";
import { checkAxis, checkCounts, checkShape, checkWindow } from "./check-args.js";
import { ACTIVATIONS, BINARY_OPS, REDUCE_OPS, UNARY_OPS, type KernelExports } from "./kernel-exports.js";
import type { LinearAllocator } from "./linear-allocator.js";
import { broadcastStrides, mergeDims, reducedStrides } from "./merge-dims.js";
import type { PoolKernel, ThreadPool } from "./thread-pool.js";

/** A tensor's storage: `size` float32 values at byte address `ptr` of the backend's memory. */
class WasmData {
  freed = false;
  constructor(readonly ptr: number, readonly size: number, readonly owner: WasmBackend) {}
}

/** Bytes of the parameter block: geometry structs and the dim / stride / counter arrays of loops. */
const PARAM_BYTES = 4096;
/** Most merged dims a broadcast or reduction loop may have (four i32 arrays of this length fit the block). */
const MAX_RANK = 128;
/** Smallest m·n·k worth splitting over threads (a job round trip is ~1 µs spinning, ~40 µs waking). */
const THREADED_MIN_MNK = 1 << 18;
/** Most batch slices a conv or pooling pass is split into: each slice's geometry takes 64 i32 of the parameter block. */
const MAX_SLICES = 16;

/** How `createWasmBackend` set a backend up. */
export interface WasmBackendSetup {
  fma: boolean;
  pool: ThreadPool | null;
  label: string;
  threadsFallbackReason: string | null;
}

/** What a backend runs on; dropped by dispose(). */
interface Runtime {
  k: KernelExports;
  heap: LinearAllocator;
  pool: ThreadPool | null;
}

/**
 * The Backend on WebAssembly SIMD kernels compiled from AssemblyScript. Tensors live in one linear
 * memory managed by a boundary-tag allocator; scratch (GEMM packing, im2col tables, col2im chunks)
 * comes from the same allocator and is kept for reuse. Create one with `createWasmBackend`.
 *
 * @example
 * const backend = await createWasmBackend();
 * setBackend(backend);
 */
export class WasmBackend implements Backend {
  readonly name = "wasm";
  readonly dtype = "float32" as const;
  /**
   * Whether the kernels use fused multiply-add (relaxed SIMD); see `createWasmBackend`'s `fma`.
   *
   * @example
   * (await createWasmBackend({ fma: false })).fma; // false
   */
  readonly fma: boolean;
  /**
   * Threads that large matmuls, convolutions and pooling are split over (1 without a pool).
   *
   * @example
   * (await createWasmBackend({ threads: 2 })).threads; // 2, or 1 without SharedArrayBuffer
   */
  readonly threads: number;
  /**
   * What runs, in words: kernels and threads, with the thread count asked for when it was clamped
   * to the machine's, and why threads could not start when they could not.
   *
   * @example
   * (await createWasmBackend({ threads: 1000 })).label; // "wasm, fma, 2 threads (asked for 1000; this machine has 2)"
   */
  readonly label: string;
  /**
   * Why the backend runs on one thread although more were asked for (no SharedArrayBuffer, a page
   * that is not cross-origin isolated, workers that failed to start), or null.
   *
   * @example
   * const b = await createWasmBackend({ threads: 2 });
   * if (b.threadsFallbackReason) console.warn(b.threadsFallbackReason);
   */
  readonly threadsFallbackReason: string | null;
  private rt: Runtime | null;
  private live = 0;
  private liveBytes = 0;
  private readonly params: number;
  private scratchPtr = 0;
  private scratchBytes = 0;

  constructor(k: KernelExports, heap: LinearAllocator, setup: WasmBackendSetup) {
    this.rt = { k, heap, pool: setup.pool };
    this.fma = setup.fma;
    this.threads = setup.pool?.threads ?? 1;
    this.label = setup.label;
    this.threadsFallbackReason = setup.threadsFallbackReason;
    this.params = heap.alloc(PARAM_BYTES);
  }

  /** The runtime, or the reason there is none: disposed, or a worker died. */
  private runtime(): Runtime {
    if (!this.rt) throw new Error("wasm backend: used after dispose()");
    this.rt.pool?.check();
    return this.rt;
  }

  private get k(): KernelExports {
    return this.runtime().k;
  }

  private get heap(): LinearAllocator {
    return this.runtime().heap;
  }

  private get pool(): ThreadPool | null {
    return this.runtime().pool;
  }

  /**
   * Stops the worker threads and lets go of the linear memory; every later call throws. Freeing a
   * tensor afterwards does nothing (a tensor disposed after its backend, or by the finalizer, must
   * not throw), and so does a second dispose. WebAssembly memory is released only this way: it
   * never shrinks while the backend lives.
   *
   * @example
   * const backend = await createWasmBackend({ threads: 2 });
   * // ... train ...
   * backend.dispose(); // the workers stop; Node can exit
   */
  dispose(): void {
    if (!this.rt) return;
    this.rt.pool?.terminate();
    this.rt = null;
    this.live = 0;
    this.liveBytes = 0;
  }

  /**
   * Bytes of linear memory reserved so far: stops growing once a workload's buffers are all reused.
   *
   * @example
   * const before = backend.linearMemoryBytes(); // compare after more training steps
   */
  linearMemoryBytes(): number {
    return this.heap.capacity;
  }

  /** Address of live storage owned by this backend that holds at least `need` elements. */
  private ptr(id: DataId, op: string, role: string, need: number): number {
    const d = id as WasmData;
    if (!(d instanceof WasmData) || d.owner !== this) throw new Error(`wasm backend ${op}: ${role} belongs to another backend`);
    if (d.freed) throw new Error(`wasm backend ${op}: ${role} was freed (a disposed tensor?)`);
    if (d.size < need) throw new RangeError(`wasm backend ${op}: ${role} holds ${d.size} elements but ${need} are needed`);
    return d.ptr;
  }

  private optPtr(id: DataId | null | undefined, op: string, role: string, need: number): number {
    return id ? this.ptr(id, op, role, need) : 0;
  }

  /** Scratch of at least `bytes`, reused across calls and replaced only when too small. */
  private work(bytes: number): number {
    if (bytes > this.scratchBytes) {
      if (this.scratchBytes > 0) this.heap.free(this.scratchPtr);
      this.scratchPtr = this.heap.alloc(bytes);
      this.scratchBytes = bytes;
    }
    return this.scratchPtr;
  }

  /** Writes i32 values into the parameter block at element `at`; returns their byte address. */
  private putInts(at: number, values: readonly number[]): number {
    this.heap.i32.set(values, this.params / 4 + at);
    return this.params + at * 4;
  }

  alloc(size: number): DataId {
    checkCounts("alloc", { size });
    const ptr = this.heap.alloc(size * 4);
    this.heap.f32.fill(0, ptr / 4, ptr / 4 + size);
    this.live++;
    this.liveBytes += size * 4;
    return new WasmData(ptr, size, this);
  }

  write(id: DataId, values: ArrayLike<number>, offset = 0): void {
    const d = id as WasmData;
    const p = this.ptr(id, "write", "storage", 0);
    const last = d.size - values.length;
    if (!Number.isInteger(offset) || offset < 0 || offset > last) {
      throw new RangeError(
        `wasm backend write: cannot write ${values.length} values at offset ${offset} into storage of ${d.size} ` +
          (last < 0 ? "(too many values)" : `(the offset must be an integer from 0 to ${last})`),
      );
    }
    this.heap.f32.set(values, p / 4 + offset);
  }

  async read(id: DataId): Promise<Float32Array> {
    return this.readSync(id);
  }

  readSync(id: DataId): Float32Array {
    const p = this.ptr(id, "read", "storage", 0) / 4;
    return this.heap.f32.slice(p, p + (id as WasmData).size);
  }

  free(id: DataId): void {
    const d = id as WasmData;
    if (!(d instanceof WasmData) || d.owner !== this || d.freed) return;
    d.freed = true;
    if (!this.rt) return;
    this.rt.heap.free(d.ptr); // even with a dead worker: giving memory back to the allocator is safe
    this.live--;
    this.liveBytes -= d.size * 4;
  }

  memory(): BackendMemory {
    return { buffers: this.live, bytes: this.liveBytes };
  }

  fill(out: DataId, value: number, size: number): void {
    checkCounts("fill", { size });
    const p = this.ptr(out, "fill", "out", size) / 4;
    this.heap.f32.fill(value, p, p + size);
  }

  copy(src: DataId, dst: DataId, size: number): void {
    checkCounts("copy", { size });
    const s = this.ptr(src, "copy", "src", size) / 4;
    const d = this.ptr(dst, "copy", "dst", size) / 4;
    this.heap.f32.copyWithin(d, s, s + size);
  }

  matmul(a: DataId, b: DataId, out: DataId, p: MatmulParams): void {
    const { m, n, k } = p;
    checkCounts("matmul", { m, n, k });
    const ap = this.ptr(a, "matmul", "a", m * k);
    const bp = this.ptr(b, "matmul", "b", k * n);
    const op = this.ptr(out, "matmul", "out", m * n);
    const bias = this.optPtr(p.bias, "matmul", "bias", n);
    const work = this.work(this.k.gemmWorkBytes());
    const [transA, transB, accumulate] = [p.transA ? 1 : 0, p.transB ? 1 : 0, p.accumulate ? 1 : 0];
    if (this.pool && m * n * k >= THREADED_MIN_MNK && n >= 16) {
      // columns in multiples of 8 (the micro-kernel's width), the first share on this thread
      const pool = this.pool;
      const per = Math.ceil(n / pool.threads / 8) * 8;
      const jobs: number[][] = [];
      for (let t = 0; t * per < n; t++) {
        const scratch = t === 0 ? work : pool.workerScratch(t - 1, this.k.gemmWorkBytes());
        jobs.push([ap, bp, op, bias, m, n, k, transA, transB, accumulate, t * per, Math.min(n, (t + 1) * per), scratch]);
      }
      pool.run(this.k, "matmul", jobs);
    } else {
      this.k.matmul(ap, bp, op, bias, m, n, k, transA, transB, accumulate, 0, n, work);
    }
  }

  binary(op: BinaryOp, a: DataId, aShape: Shape, b: DataId, bShape: Shape, out: DataId, outShape: Shape): void {
    checkShape("binary", "aShape", aShape);
    checkShape("binary", "bShape", bShape);
    checkShape("binary", "outShape", outShape);
    const size = sizeOf(outShape);
    const ap = this.ptr(a, "binary", "a", sizeOf(aShape));
    const bp = this.ptr(b, "binary", "b", sizeOf(bShape));
    const outp = this.ptr(out, "binary", "out", size);
    if (size === 0) return;
    const loop = mergeDims(outShape, [broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)]);
    const rank = loop.dims.length;
    if (rank > MAX_RANK) throw new RangeError(`wasm backend binary: ${rank} dims after merging exceed ${MAX_RANK}`);
    const dims = this.putInts(0, loop.dims);
    const aStr = this.putInts(MAX_RANK, loop.strides[0]);
    const bStr = this.putInts(2 * MAX_RANK, loop.strides[1]);
    this.k.binary(BINARY_OPS[op], ap, bp, outp, rank, dims, aStr, bStr, this.params + 3 * MAX_RANK * 4);
  }

  binaryScalar(op: BinaryOp, a: DataId, s: number, out: DataId, size: number, scalarFirst = false): void {
    checkCounts("binaryScalar", { size });
    const ap = this.ptr(a, "binaryScalar", "a", size);
    const outp = this.ptr(out, "binaryScalar", "out", size);
    const sp = this.params;
    this.heap.f32[sp / 4] = s;
    if (scalarFirst) this.k.binaryRow(BINARY_OPS[op], sp, 0, ap, 1, outp, size);
    else this.k.binaryRow(BINARY_OPS[op], ap, 1, sp, 0, outp, size);
  }

  unary(op: UnaryOp, x: DataId, out: DataId, size: number): void {
    checkCounts("unary", { size });
    this.k.unary(UNARY_OPS[op], this.ptr(x, "unary", "x", size), this.ptr(out, "unary", "out", size), size);
  }

  activation(kind: Activation, x: DataId, y: DataId, size: number, alpha = 0.01): void {
    checkCounts("activation", { size });
    this.k.activation(ACTIVATIONS[kind], this.ptr(x, "activation", "x", size), this.ptr(y, "activation", "y", size), size, alpha);
  }

  activationBackward(kind: Activation, y: DataId, dy: DataId, dx: DataId, size: number, alpha = 0.01): void {
    const op = "activationBackward";
    checkCounts(op, { size });
    this.k.activationBackward(ACTIVATIONS[kind], this.ptr(y, op, "y", size), this.ptr(dy, op, "dy", size), this.ptr(dx, op, "dx", size), size, alpha);
  }

  reduce(op: ReduceOp, x: DataId, shape: Shape, axes: readonly number[], out: DataId): void {
    checkShape("reduce", "shape", shape);
    for (const axis of axes) checkAxis("reduce", axis, shape.length);
    const size = sizeOf(shape);
    const outSize = sizeOf(shape.filter((_, i) => !axes.includes(i)));
    const xp = this.ptr(x, "reduce", "x", size);
    const outp = this.ptr(out, "reduce", "out", outSize);
    const identity = op === "max" ? -Infinity : op === "min" ? Infinity : 0;
    this.heap.f32.fill(size === 0 && op === "mean" ? NaN : identity, outp / 4, outp / 4 + outSize);
    if (size === 0) return;
    const loop = mergeDims(shape, [reducedStrides(shape, axes)]);
    const rank = loop.dims.length;
    if (rank > MAX_RANK) throw new RangeError(`wasm backend reduce: ${rank} dims after merging exceed ${MAX_RANK}`);
    const dims = this.putInts(0, loop.dims);
    const outStr = this.putInts(MAX_RANK, loop.strides[0]);
    this.k.reduce(REDUCE_OPS[op], xp, outp, rank, dims, outStr, this.params + 2 * MAX_RANK * 4, outSize, size / outSize);
  }

  argmax(x: DataId, shape: Shape, axis: number, out: DataId): void {
    checkShape("argmax", "shape", shape);
    checkAxis("argmax", axis, shape.length);
    const outer = sizeOf(shape.slice(0, axis));
    const inner = sizeOf(shape.slice(axis + 1));
    this.k.argmax(this.ptr(x, "argmax", "x", sizeOf(shape)), this.ptr(out, "argmax", "out", outer * inner), outer, shape[axis], inner);
  }

  softmax(x: DataId, out: DataId, rows: number, cols: number): void {
    checkCounts("softmax", { rows, cols });
    this.k.softmax(this.ptr(x, "softmax", "x", rows * cols), this.ptr(out, "softmax", "out", rows * cols), rows, cols, 0);
  }

  logSoftmax(x: DataId, out: DataId, rows: number, cols: number): void {
    checkCounts("logSoftmax", { rows, cols });
    this.k.softmax(this.ptr(x, "logSoftmax", "x", rows * cols), this.ptr(out, "logSoftmax", "out", rows * cols), rows, cols, 1);
  }

  softmaxCrossEntropy(logits: DataId, targets: DataId, loss: DataId, dlogits: DataId | null, p: SoftmaxCrossEntropyParams): void {
    const op = "softmaxCrossEntropy";
    checkCounts(op, { rows: p.rows, cols: p.cols });
    const n = p.rows * p.cols;
    this.k.softmaxCrossEntropy(
      this.ptr(logits, op, "logits", n), this.ptr(targets, op, "targets", p.sparse ? p.rows : n), this.ptr(loss, op, "loss", 1),
      this.optPtr(dlogits, op, "dlogits", n), p.rows, p.cols, p.sparse ? 1 : 0, p.smoothing,
    );
  }

  sigmoidCrossEntropy(logits: DataId, targets: DataId, loss: DataId, dlogits: DataId | null, size: number): void {
    const op = "sigmoidCrossEntropy";
    checkCounts(op, { size });
    this.k.sigmoidCrossEntropy(
      this.ptr(logits, op, "logits", size), this.ptr(targets, op, "targets", size), this.ptr(loss, op, "loss", 1),
      this.optPtr(dlogits, op, "dlogits", size), size,
    );
  }

  meanSquaredError(pred: DataId, targets: DataId, loss: DataId, dpred: DataId | null, size: number): void {
    const op = "meanSquaredError";
    checkCounts(op, { size });
    this.k.meanSquaredError(
      this.ptr(pred, op, "pred", size), this.ptr(targets, op, "targets", size), this.ptr(loss, op, "loss", 1),
      this.optPtr(dpred, op, "dpred", size), size,
    );
  }

  /** Writes the conv geometry into the parameter block (assembly/im2col.ts reads it in this order), 64 i32 per slice. */
  private convGeometry(g: Conv2dGeometry, slice = 0): number {
    return this.putInts(64 * slice, [
      g.batch, g.inH, g.inW, g.inC, g.outH, g.outW, g.outC, g.kH, g.kW, g.strideH, g.strideW, g.padTop, g.padLeft,
    ]);
  }

  /** Element counts of x, y and w, after checking the geometry. */
  private convSizes(op: string, g: Conv2dGeometry): { x: number; y: number; w: number } {
    checkWindow(op, g);
    return { x: g.batch * g.inH * g.inW * g.inC, y: g.batch * g.outH * g.outW * g.outC, w: g.kH * g.kW * g.inC * g.outC };
  }

  /**
   * Runs `kernel` over `batch` images split into slices over the thread pool: `job(slice, first
   * image, images)` gives one slice's arguments. One slice, on this thread, without a pool or when
   * `work` (multiply-adds, or window reads for pooling) is too small to be worth a round trip.
   */
  private byImages(kernel: PoolKernel, batch: number, work: number, job: (slice: number, first: number, count: number) => number[]): void {
    if (batch === 0) return; // nothing to compute (and no slice to run it in)
    const slices = this.pool && work >= THREADED_MIN_MNK ? Math.min(this.pool.threads, batch, MAX_SLICES) : 1;
    const per = Math.ceil(batch / slices);
    const jobs: number[][] = [];
    for (let t = 0; t * per < batch; t++) jobs.push(job(t, t * per, Math.min(per, batch - t * per)));
    if (jobs.length === 1) (this.k[kernel] as (...args: number[]) => void)(...jobs[0]);
    else this.pool!.run(this.k, kernel, jobs);
  }

  /**
   * A conv pass split by images: `job(geo, first image, scratch, slice)` gives the kernel's
   * arguments for one slice (`geo` holds that slice's geometry, `scratch` its conv2dWorkBytes plus
   * `extraBytes` on workers).
   */
  private convSliced(kernel: "conv2d" | "conv2dBackwardInput" | "conv2dBackwardFilter", g: Conv2dGeometry, extraBytes: number,
    job: (geo: number, image: number, scratch: number, slice: number) => number[]): void {
    const work = g.batch * g.outH * g.outW * g.kH * g.kW * g.inC * g.outC;
    this.byImages(kernel, g.batch, work, (t, first, count) => {
      const geo = this.convGeometry({ ...g, batch: count }, t);
      const bytes = this.k.conv2dWorkBytes(geo, geo + 64) + (t === 0 ? 0 : extraBytes);
      const scratch = t === 0 ? this.work(bytes) : this.pool!.workerScratch(t - 1, bytes);
      return job(geo, first, scratch, t);
    });
  }

  conv2d(x: DataId, w: DataId, bias: DataId | null, y: DataId, g: Conv2dGeometry): void {
    const s = this.convSizes("conv2d", g);
    const xp = this.ptr(x, "conv2d", "x", s.x), wp = this.ptr(w, "conv2d", "w", s.w), yp = this.ptr(y, "conv2d", "y", s.y);
    const bp = this.optPtr(bias, "conv2d", "bias", g.outC);
    const [xImage, yImage] = [g.inH * g.inW * g.inC * 4, g.outH * g.outW * g.outC * 4];
    this.convSliced("conv2d", g, 0, (geo, i, scratch) => [xp + i * xImage, wp, bp, yp + i * yImage, geo, scratch]);
  }

  conv2dBackwardInput(dy: DataId, w: DataId, dx: DataId, g: Conv2dGeometry): void {
    const op = "conv2dBackwardInput";
    const s = this.convSizes(op, g);
    const dyp = this.ptr(dy, op, "dy", s.y), wp = this.ptr(w, op, "w", s.w), dxp = this.ptr(dx, op, "dx", s.x);
    const [xImage, yImage] = [g.inH * g.inW * g.inC * 4, g.outH * g.outW * g.outC * 4];
    this.convSliced(op, g, 0, (geo, i, scratch) => [dyp + i * yImage, wp, dxp + i * xImage, geo, scratch]);
  }

  conv2dBackwardFilter(x: DataId, dy: DataId, dw: DataId, g: Conv2dGeometry): void {
    const op = "conv2dBackwardFilter";
    const s = this.convSizes(op, g);
    const xp = this.ptr(x, op, "x", s.x), dyp = this.ptr(dy, op, "dy", s.y), dwp = this.ptr(dw, op, "dw", s.w);
    const [xImage, yImage] = [g.inH * g.inW * g.inC * 4, g.outH * g.outW * g.outC * 4];
    // every slice sums over its own images: the first into dw, the others into the front of their
    // scratch, added onto dw afterwards
    if (g.batch === 0) {
      this.heap.f32.fill(0, dwp / 4, dwp / 4 + s.w); // the sum over no images
      return;
    }
    const partials: number[] = [];
    const partialBytes = Math.ceil(s.w / 4) * 16; // keeps the kernel's scratch after it 16-byte aligned
    this.convSliced(op, g, partialBytes, (geo, i, scratch, t) => {
      if (t === 0) return [xp, dyp, dwp, geo, scratch];
      partials.push(scratch);
      return [xp + i * xImage, dyp + i * yImage, scratch, geo, scratch + partialBytes];
    });
    for (const p of partials) this.k.binaryRow(BINARY_OPS.add, dwp, 1, p, 1, dwp, s.w);
  }

  /** Writes the pool geometry into the parameter block (assembly/pool.ts reads it in this order), 64 i32 per slice. */
  private poolGeometry(g: Pool2dGeometry, slice = 0): number {
    return this.putInts(64 * slice, [g.batch, g.inH, g.inW, g.channels, g.outH, g.outW, g.kH, g.kW, g.strideH, g.strideW, g.padTop, g.padLeft]);
  }

  /** Element counts of x and y, after checking the geometry. */
  private poolSizes(op: string, g: Pool2dGeometry): { x: number; y: number } {
    checkWindow(op, g);
    return { x: g.batch * g.inH * g.inW * g.channels, y: g.batch * g.outH * g.outW * g.channels };
  }

  /** A pooling pass split by images: `bufs` are the pass's image-shaped arguments, each with its bytes per image. */
  private poolSliced(kernel: "maxPool" | "maxPoolBackward" | "avgPool" | "avgPoolBackward", g: Pool2dGeometry, bufs: [number, number][]): void {
    const reads = g.batch * g.outH * g.outW * g.kH * g.kW * g.channels;
    this.byImages(kernel, g.batch, reads, (t, first, count) => [
      ...bufs.map(([ptr, imageBytes]) => ptr + first * imageBytes), this.poolGeometry({ ...g, batch: count }, t),
    ]);
  }

  /** Bytes of one input image and one output image of a pooling pass. */
  private poolImageBytes(g: Pool2dGeometry): { x: number; y: number } {
    return { x: g.inH * g.inW * g.channels * 4, y: g.outH * g.outW * g.channels * 4 };
  }

  maxPool(x: DataId, y: DataId, g: Pool2dGeometry): void {
    const s = this.poolSizes("maxPool", g), b = this.poolImageBytes(g);
    this.poolSliced("maxPool", g, [[this.ptr(x, "maxPool", "x", s.x), b.x], [this.ptr(y, "maxPool", "y", s.y), b.y]]);
  }

  maxPoolBackward(x: DataId, dy: DataId, dx: DataId, g: Pool2dGeometry): void {
    const op = "maxPoolBackward";
    const s = this.poolSizes(op, g), b = this.poolImageBytes(g);
    this.poolSliced(op, g, [[this.ptr(x, op, "x", s.x), b.x], [this.ptr(dy, op, "dy", s.y), b.y], [this.ptr(dx, op, "dx", s.x), b.x]]);
  }

  avgPool(x: DataId, y: DataId, g: Pool2dGeometry): void {
    const s = this.poolSizes("avgPool", g), b = this.poolImageBytes(g);
    this.poolSliced("avgPool", g, [[this.ptr(x, "avgPool", "x", s.x), b.x], [this.ptr(y, "avgPool", "y", s.y), b.y]]);
  }

  avgPoolBackward(dy: DataId, dx: DataId, g: Pool2dGeometry): void {
    const op = "avgPoolBackward";
    const s = this.poolSizes(op, g), b = this.poolImageBytes(g);
    this.poolSliced(op, g, [[this.ptr(dy, op, "dy", s.y), b.y], [this.ptr(dx, op, "dx", s.x), b.x]]);
  }

  batchNormTrain(
    x: DataId, gamma: DataId, beta: DataId, y: DataId, mean: DataId, invStd: DataId,
    runMean: DataId, runVar: DataId, p: BatchNormTrainParams,
  ): void {
    const op = "batchNormTrain";
    checkCounts(op, { rows: p.rows, cols: p.cols });
    const n = p.rows * p.cols, c = p.cols;
    this.k.batchNormTrain(
      this.ptr(x, op, "x", n), this.ptr(gamma, op, "gamma", c), this.ptr(beta, op, "beta", c), this.ptr(y, op, "y", n),
      this.ptr(mean, op, "mean", c), this.ptr(invStd, op, "invStd", c), this.ptr(runMean, op, "runMean", c), this.ptr(runVar, op, "runVar", c),
      p.rows, c, p.eps, p.momentum, this.work(16 * c),
    );
  }

  batchNormInfer(x: DataId, gamma: DataId, beta: DataId, runMean: DataId, runVar: DataId, y: DataId, p: BatchNormParams): void {
    const op = "batchNormInfer";
    checkCounts(op, { rows: p.rows, cols: p.cols });
    const n = p.rows * p.cols, c = p.cols;
    this.k.batchNormInfer(
      this.ptr(x, op, "x", n), this.ptr(gamma, op, "gamma", c), this.ptr(beta, op, "beta", c),
      this.ptr(runMean, op, "runMean", c), this.ptr(runVar, op, "runVar", c), this.ptr(y, op, "y", n), p.rows, c, p.eps, this.work(16 * c),
    );
  }

  batchNormBackward(
    x: DataId, dy: DataId, gamma: DataId, mean: DataId, invStd: DataId, dx: DataId, dgamma: DataId, dbeta: DataId, p: BatchNormParams,
  ): void {
    const op = "batchNormBackward";
    checkCounts(op, { rows: p.rows, cols: p.cols });
    const n = p.rows * p.cols, c = p.cols;
    this.k.batchNormBackward(
      this.ptr(x, op, "x", n), this.ptr(dy, op, "dy", n), this.ptr(gamma, op, "gamma", c), this.ptr(mean, op, "mean", c),
      this.ptr(invStd, op, "invStd", c), this.ptr(dx, op, "dx", n), this.ptr(dgamma, op, "dgamma", c), this.ptr(dbeta, op, "dbeta", c),
      p.rows, c, this.work(16 * c),
    );
  }

  sgdUpdate(param: DataId, grad: DataId, velocity: DataId | null, size: number, p: SgdParams): void {
    const op = "sgdUpdate";
    checkCounts(op, { size });
    this.k.sgdUpdate(
      this.ptr(param, op, "param", size), this.ptr(grad, op, "grad", size), this.optPtr(velocity, op, "velocity", size), size,
      p.lr, p.momentum, p.nesterov ? 1 : 0, p.weightDecay,
    );
  }

  adamUpdate(param: DataId, grad: DataId, m: DataId, v: DataId, size: number, p: AdamParams): void {
    const op = "adamUpdate";
    checkCounts(op, { size });
    this.k.adamUpdate(
      this.ptr(param, op, "param", size), this.ptr(grad, op, "grad", size), this.ptr(m, op, "m", size), this.ptr(v, op, "v", size), size,
      p.lr, p.beta1, p.beta2, p.eps, p.decoupled ? 0 : p.weightDecay, p.decoupled ? 1 - p.lr * p.weightDecay : 1,
      1 - Math.pow(p.beta1, p.step), 1 - Math.pow(p.beta2, p.step),
    );
  }

  rmspropUpdate(param: DataId, grad: DataId, sq: DataId, size: number, p: RmspropParams): void {
    const op = "rmspropUpdate";
    checkCounts(op, { size });
    this.k.rmspropUpdate(
      this.ptr(param, op, "param", size), this.ptr(grad, op, "grad", size), this.ptr(sq, op, "sq", size), size,
      p.lr, p.alpha, p.eps, p.weightDecay,
    );
  }

  /** out[index] = stat(address of x), after checking the size, the index and both buffers. */
  private putStat(op: string, x: DataId, size: number, out: DataId, index: number, stat: (xp: number) => number): void {
    checkCounts(op, { size, index });
    const at = this.ptr(out, op, "out", index + 1) / 4 + index;
    this.heap.f32[at] = stat(this.ptr(x, op, "x", size));
  }

  sumSquares(x: DataId, size: number, out: DataId, index: number): void {
    this.putStat("sumSquares", x, size, out, index, (xp) => this.k.sumSquares(xp, size));
  }

  fractionZeros(x: DataId, size: number, out: DataId, index: number): void {
    this.putStat("fractionZeros", x, size, out, index, (xp) => this.k.fractionZeros(xp, size));
  }

  fractionOutside(x: DataId, size: number, lo: number, hi: number, out: DataId, index: number): void {
    this.putStat("fractionOutside", x, size, out, index, (xp) => this.k.fractionOutside(xp, size, lo, hi));
  }
}
