import {
  broadcastStrides, KERNEL_CONTRACTS as contract, mergeDims, reducedStrides, sizeOf, type Activation, type AdamParams, type Backend,
  type BackendMemory, type BatchNormParams, type BatchNormTrainParams, type BinaryOp, type Conv2dGeometry, type DataId, type KernelName,
  type MatmulParams, type Pool2dGeometry, type ReduceOp, type RmspropParams, type SgdParams, type Shape, type SoftmaxCrossEntropyParams,
  type StorageProbe, type UnaryOp,
} from "@chainrule/tensor";
import { ACTIVATIONS, BINARY_OPS, REDUCE_OPS, UNARY_OPS, type KernelExports } from "./kernel-exports.js";
import type { LinearAllocator } from "./linear-allocator.js";
import { splitMatmul } from "./matmul-split.js";
import type { PoolKernel, ThreadPool } from "./thread-pool.js";

/** A tensor's storage: `size` float32 values at byte address `ptr` of the backend's memory. */
class WasmData {
  freed = false;
  constructor(readonly ptr: number, readonly size: number, readonly owner: WasmBackend) {}
}

// Every kernel first runs its KERNEL_CONTRACTS check, which vets each storage argument through the
// backend's probe (live, owned by this backend, long enough); the kernel then takes the addresses.

/** Byte address of storage a contract check has vetted. */
function at(id: DataId): number {
  return (id as WasmData).ptr;
}

/** Byte address of an optional buffer, or 0 (the kernels' "none"). */
function atIfGiven(id: DataId | null | undefined): number {
  return id ? (id as WasmData).ptr : 0;
}

/** Bytes of the parameter block: geometry structs and the dim / stride / counter arrays of loops. */
const PARAM_BYTES = 4096;
/** Most merged dims a broadcast or reduction loop may have (four i32 arrays of this length fit the block). */
const MAX_RANK = 128;
/** Smallest m·n·k worth splitting over threads (a job round trip is ~1 µs spinning, ~40 µs waking). */
const THREADED_MIN_MNK = 1 << 18;
/**
 * Elementwise kernels and optimizer updates go to the threads from this many elements: a job's
 * round trip costs a few µs when the workers are awake; ReLU takes about 0.25 ns per element on one
 * thread here, an Adam update about 1.3 ns.
 */
const THREADED_MIN_ELEMENTS = 1 << 16;
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
  /** What the argument checks of KERNEL_CONTRACTS ask: live storage of this backend, and its length. */
  private readonly probe: StorageProbe = { name: this.name, elements: (id, kernel, arg) => this.storage(id, kernel, arg).size };
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

  /** Live storage owned by this backend, or an error naming the kernel and the argument. */
  private storage(id: DataId, kernel: KernelName, arg: string): WasmData {
    const d = id as WasmData;
    if (!(d instanceof WasmData) || d.owner !== this) throw new Error(`wasm backend ${kernel}: ${arg} belongs to another backend`);
    if (d.freed) throw new Error(`wasm backend ${kernel}: ${arg} was freed (a disposed tensor?)`);
    return d;
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
    contract.alloc.check(this.probe, size);
    const ptr = this.heap.alloc(size * 4);
    this.heap.f32.fill(0, ptr / 4, ptr / 4 + size);
    this.live++;
    this.liveBytes += size * 4;
    return new WasmData(ptr, size, this);
  }

  write(id: DataId, values: ArrayLike<number>, offset = 0): void {
    contract.write.check(this.probe, id, values, offset);
    this.heap.f32.set(values, at(id) / 4 + offset);
  }

  async read(id: DataId): Promise<Float32Array> {
    contract.read.check(this.probe, id);
    return this.copyOut(id);
  }

  readSync(id: DataId): Float32Array {
    contract.readSync.check(this.probe, id);
    return this.copyOut(id);
  }

  private copyOut(id: DataId): Float32Array {
    const p = at(id) / 4;
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
    contract.fill.check(this.probe, out, value, size);
    const p = at(out) / 4;
    this.heap.f32.fill(value, p, p + size);
  }

  copy(src: DataId, dst: DataId, size: number, srcOffset = 0, dstOffset = 0): void {
    contract.copy.check(this.probe, src, dst, size, srcOffset, dstOffset);
    const s = at(src) / 4 + srcOffset;
    this.heap.f32.copyWithin(at(dst) / 4 + dstOffset, s, s + size);
  }

  matmul(a: DataId, b: DataId, out: DataId, p: MatmulParams): void {
    contract.matmul.check(this.probe, a, b, out, p);
    const { m, n, k } = p;
    const ap = at(a), bp = at(b), op = at(out), bias = atIfGiven(p.bias);
    const gemmBytes = this.k.gemmWorkBytes();
    const work = this.work(gemmBytes);
    const transA = p.transA ? 1 : 0, transB = p.transB ? 1 : 0, accumulate = p.accumulate ? 1 : 0;
    const pool = m * n * k >= THREADED_MIN_MNK ? this.pool : null;
    // the split is planned only for a product worth threads: a small one allocates nothing here
    const plan = pool ? splitMatmul(m, n, k, pool.threads) : null;
    if (!pool || !plan || plan.shares.length === 1) {
      this.k.matmul(ap, bp, op, bias, m, n, k, transA, transB, accumulate, 0, m, 0, n, 0, k, work);
      return;
    }
    const { axis, shares } = plan;
    // the first share runs on this thread; split over k, the others write partial sums after their
    // scratch, which this thread then adds into out
    const partialBytes = axis === "k" ? m * n * 4 : 0;
    const jobs = shares.map((s, t) => {
      const scratch = t === 0 ? work : pool.workerScratch(t - 1, gemmBytes + partialBytes);
      const c = t > 0 && axis === "k" ? scratch + gemmBytes : op;
      const [ownBias, ownAccumulate] = c === op ? [bias, accumulate] : [0, 0];
      return [ap, bp, c, ownBias, m, n, k, transA, transB, ownAccumulate, s.i0, s.i1, s.n0, s.n1, s.k0, s.k1, scratch];
    });
    pool.run(this.k, "matmul", jobs);
    for (let t = 1; axis === "k" && t < jobs.length; t++) this.k.binaryRow(BINARY_OPS.add, op, 1, jobs[t][2], 1, op, m * n);
  }

  binary(op: BinaryOp, a: DataId, aShape: Shape, b: DataId, bShape: Shape, out: DataId, outShape: Shape): void {
    contract.binary.check(this.probe, op, a, aShape, b, bShape, out, outShape);
    if (sizeOf(outShape) === 0) return;
    const loop = mergeDims(outShape, [broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)]);
    const rank = loop.dims.length;
    if (rank > MAX_RANK) throw new RangeError(`wasm backend binary: ${rank} dims after merging exceed ${MAX_RANK}`);
    const dims = this.putInts(0, loop.dims);
    const aStr = this.putInts(MAX_RANK, loop.strides[0]);
    const bStr = this.putInts(2 * MAX_RANK, loop.strides[1]);
    this.k.binary(BINARY_OPS[op], at(a), at(b), at(out), rank, dims, aStr, bStr, this.params + 3 * MAX_RANK * 4);
  }

  binaryScalar(op: BinaryOp, a: DataId, s: number, out: DataId, size: number, scalarFirst = false): void {
    contract.binaryScalar.check(this.probe, op, a, s, out, size, scalarFirst);
    const sp = this.params;
    this.heap.f32[sp / 4] = s;
    const o = BINARY_OPS[op], ap = at(a), outp = at(out);
    if (this.splitsElementwise(size)) {
      this.byRanges("binaryRow", size, (b, n) => (scalarFirst ? [o, sp, 0, ap + b, 1, outp + b, n] : [o, ap + b, 1, sp, 0, outp + b, n]));
    } else if (scalarFirst) this.k.binaryRow(o, sp, 0, ap, 1, outp, size);
    else this.k.binaryRow(o, ap, 1, sp, 0, outp, size);
  }

  unary(op: UnaryOp, x: DataId, out: DataId, size: number): void {
    contract.unary.check(this.probe, op, x, out, size);
    const o = UNARY_OPS[op], xp = at(x), outp = at(out);
    if (this.splitsElementwise(size)) this.byRanges("unary", size, (b, n) => [o, xp + b, outp + b, n]);
    else this.k.unary(o, xp, outp, size);
  }

  activation(kind: Activation, x: DataId, y: DataId, size: number, alpha = 0.01): void {
    contract.activation.check(this.probe, kind, x, y, size, alpha);
    const f = ACTIVATIONS[kind], xp = at(x), yp = at(y);
    if (this.splitsElementwise(size)) this.byRanges("activation", size, (b, n) => [f, xp + b, yp + b, n, alpha]);
    else this.k.activation(f, xp, yp, size, alpha);
  }

  activationBackward(kind: Activation, y: DataId, dy: DataId, dx: DataId, size: number, alpha = 0.01): void {
    contract.activationBackward.check(this.probe, kind, y, dy, dx, size, alpha);
    const f = ACTIVATIONS[kind], yp = at(y), dyp = at(dy), dxp = at(dx);
    if (this.splitsElementwise(size)) this.byRanges("activationBackward", size, (b, n) => [f, yp + b, dyp + b, dxp + b, n, alpha]);
    else this.k.activationBackward(f, yp, dyp, dxp, size, alpha);
  }

  /** Whether an elementwise kernel over `size` elements is worth splitting over the threads. */
  private splitsElementwise(size: number): boolean {
    return this.pool !== null && size >= THREADED_MIN_ELEMENTS;
  }

  /**
   * Runs `kernel` over `size` elements in ranges, one per thread, cut at multiples of 4 (one
   * f32x4); `args(byteOffset, count)` gives a range's arguments. Each element is computed as on one
   * thread, so the results are the same bits.
   */
  private byRanges(kernel: PoolKernel, size: number, args: (byteOffset: number, count: number) => number[]): void {
    const pool = this.pool!;
    const per = Math.ceil(size / pool.threads / 4) * 4;
    const jobs: number[][] = [];
    for (let start = 0; start < size; start += per) jobs.push(args(start * 4, Math.min(per, size - start)));
    pool.run(this.k, kernel, jobs);
  }

  reduce(op: ReduceOp, x: DataId, shape: Shape, axes: readonly number[], out: DataId): void {
    contract.reduce.check(this.probe, op, x, shape, axes, out);
    const size = sizeOf(shape);
    const outSize = sizeOf(shape.filter((_, i) => !axes.includes(i)));
    const outp = at(out);
    const identity = op === "max" ? -Infinity : op === "min" ? Infinity : 0;
    this.heap.f32.fill(size === 0 && op === "mean" ? NaN : identity, outp / 4, outp / 4 + outSize);
    if (size === 0) return;
    const loop = mergeDims(shape, [reducedStrides(shape, axes)]);
    const rank = loop.dims.length;
    if (rank > MAX_RANK) throw new RangeError(`wasm backend reduce: ${rank} dims after merging exceed ${MAX_RANK}`);
    const dims = this.putInts(0, loop.dims);
    const outStr = this.putInts(MAX_RANK, loop.strides[0]);
    this.k.reduce(REDUCE_OPS[op], at(x), outp, rank, dims, outStr, this.params + 2 * MAX_RANK * 4, outSize, size / outSize);
  }

  argmax(x: DataId, shape: Shape, axis: number, out: DataId): void {
    contract.argmax.check(this.probe, x, shape, axis, out);
    const outer = sizeOf(shape.slice(0, axis));
    const inner = sizeOf(shape.slice(axis + 1));
    this.k.argmax(at(x), at(out), outer, shape[axis], inner);
  }

  softmax(x: DataId, out: DataId, rows: number, cols: number): void {
    contract.softmax.check(this.probe, x, out, rows, cols);
    this.k.softmax(at(x), at(out), rows, cols, 0);
  }

  logSoftmax(x: DataId, out: DataId, rows: number, cols: number): void {
    contract.logSoftmax.check(this.probe, x, out, rows, cols);
    this.k.softmax(at(x), at(out), rows, cols, 1);
  }

  softmaxCrossEntropy(logits: DataId, targets: DataId, loss: DataId, dlogits: DataId | null, p: SoftmaxCrossEntropyParams): void {
    contract.softmaxCrossEntropy.check(this.probe, logits, targets, loss, dlogits, p);
    this.k.softmaxCrossEntropy(at(logits), at(targets), at(loss), atIfGiven(dlogits), p.rows, p.cols, p.sparse ? 1 : 0, p.smoothing);
  }

  sigmoidCrossEntropy(logits: DataId, targets: DataId, loss: DataId, dlogits: DataId | null, size: number): void {
    contract.sigmoidCrossEntropy.check(this.probe, logits, targets, loss, dlogits, size);
    this.k.sigmoidCrossEntropy(at(logits), at(targets), at(loss), atIfGiven(dlogits), size);
  }

  meanSquaredError(pred: DataId, targets: DataId, loss: DataId, dpred: DataId | null, size: number): void {
    contract.meanSquaredError.check(this.probe, pred, targets, loss, dpred, size);
    this.k.meanSquaredError(at(pred), at(targets), at(loss), atIfGiven(dpred), size);
  }

  /** Writes the conv geometry into the parameter block (assembly/im2col.ts reads it in this order), 64 i32 per slice. */
  private convGeometry(g: Conv2dGeometry, slice = 0): number {
    return this.putInts(64 * slice, [
      g.batch, g.inH, g.inW, g.inC, g.outH, g.outW, g.outC, g.kH, g.kW, g.strideH, g.strideW, g.padTop, g.padLeft,
    ]);
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
    contract.conv2d.check(this.probe, x, w, bias, y, g);
    const xp = at(x), wp = at(w), bp = atIfGiven(bias), yp = at(y);
    const [xImage, yImage] = [g.inH * g.inW * g.inC * 4, g.outH * g.outW * g.outC * 4];
    this.convSliced("conv2d", g, 0, (geo, i, scratch) => [xp + i * xImage, wp, bp, yp + i * yImage, geo, scratch]);
  }

  conv2dBackwardInput(dy: DataId, w: DataId, dx: DataId, g: Conv2dGeometry): void {
    contract.conv2dBackwardInput.check(this.probe, dy, w, dx, g);
    const dyp = at(dy), wp = at(w), dxp = at(dx);
    const [xImage, yImage] = [g.inH * g.inW * g.inC * 4, g.outH * g.outW * g.outC * 4];
    this.convSliced("conv2dBackwardInput", g, 0, (geo, i, scratch) => [dyp + i * yImage, wp, dxp + i * xImage, geo, scratch]);
  }

  conv2dBackwardFilter(x: DataId, dy: DataId, dw: DataId, g: Conv2dGeometry): void {
    contract.conv2dBackwardFilter.check(this.probe, x, dy, dw, g);
    const xp = at(x), dyp = at(dy), dwp = at(dw);
    const wSize = g.kH * g.kW * g.inC * g.outC;
    const [xImage, yImage] = [g.inH * g.inW * g.inC * 4, g.outH * g.outW * g.outC * 4];
    // every slice sums over its own images: the first into dw, the others into the front of their
    // scratch, added onto dw afterwards
    if (g.batch === 0) {
      this.heap.f32.fill(0, dwp / 4, dwp / 4 + wSize); // the sum over no images
      return;
    }
    const partials: number[] = [];
    const partialBytes = Math.ceil(wSize / 4) * 16; // keeps the kernel's scratch after it 16-byte aligned
    this.convSliced("conv2dBackwardFilter", g, partialBytes, (geo, i, scratch, t) => {
      if (t === 0) return [xp, dyp, dwp, geo, scratch];
      partials.push(scratch);
      return [xp + i * xImage, dyp + i * yImage, scratch, geo, scratch + partialBytes];
    });
    for (const p of partials) this.k.binaryRow(BINARY_OPS.add, dwp, 1, p, 1, dwp, wSize);
  }

  /** Writes the pool geometry into the parameter block (assembly/pool.ts reads it in this order), 64 i32 per slice. */
  private poolGeometry(g: Pool2dGeometry, slice = 0): number {
    return this.putInts(64 * slice, [g.batch, g.inH, g.inW, g.channels, g.outH, g.outW, g.kH, g.kW, g.strideH, g.strideW, g.padTop, g.padLeft]);
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
    contract.maxPool.check(this.probe, x, y, g);
    const b = this.poolImageBytes(g);
    this.poolSliced("maxPool", g, [[at(x), b.x], [at(y), b.y]]);
  }

  maxPoolBackward(x: DataId, dy: DataId, dx: DataId, g: Pool2dGeometry): void {
    contract.maxPoolBackward.check(this.probe, x, dy, dx, g);
    const b = this.poolImageBytes(g);
    this.poolSliced("maxPoolBackward", g, [[at(x), b.x], [at(dy), b.y], [at(dx), b.x]]);
  }

  avgPool(x: DataId, y: DataId, g: Pool2dGeometry): void {
    contract.avgPool.check(this.probe, x, y, g);
    const b = this.poolImageBytes(g);
    this.poolSliced("avgPool", g, [[at(x), b.x], [at(y), b.y]]);
  }

  avgPoolBackward(dy: DataId, dx: DataId, g: Pool2dGeometry): void {
    contract.avgPoolBackward.check(this.probe, dy, dx, g);
    const b = this.poolImageBytes(g);
    this.poolSliced("avgPoolBackward", g, [[at(dy), b.y], [at(dx), b.x]]);
  }

  batchNormTrain(
    x: DataId, gamma: DataId, beta: DataId, y: DataId, mean: DataId, invStd: DataId,
    runMean: DataId, runVar: DataId, p: BatchNormTrainParams,
  ): void {
    contract.batchNormTrain.check(this.probe, x, gamma, beta, y, mean, invStd, runMean, runVar, p);
    this.k.batchNormTrain(
      at(x), at(gamma), at(beta), at(y), at(mean), at(invStd), at(runMean), at(runVar), p.rows, p.cols, p.eps, p.momentum, this.work(16 * p.cols),
    );
  }

  batchNormInfer(x: DataId, gamma: DataId, beta: DataId, runMean: DataId, runVar: DataId, y: DataId, p: BatchNormParams): void {
    contract.batchNormInfer.check(this.probe, x, gamma, beta, runMean, runVar, y, p);
    this.k.batchNormInfer(at(x), at(gamma), at(beta), at(runMean), at(runVar), at(y), p.rows, p.cols, p.eps, this.work(16 * p.cols));
  }

  batchNormBackward(
    x: DataId, dy: DataId, gamma: DataId, mean: DataId, invStd: DataId, dx: DataId, dgamma: DataId, dbeta: DataId, p: BatchNormParams,
  ): void {
    contract.batchNormBackward.check(this.probe, x, dy, gamma, mean, invStd, dx, dgamma, dbeta, p);
    this.k.batchNormBackward(
      at(x), at(dy), at(gamma), at(mean), at(invStd), at(dx), at(dgamma), at(dbeta), p.rows, p.cols, this.work(16 * p.cols),
    );
  }

  sgdUpdate(param: DataId, grad: DataId, velocity: DataId | null, size: number, p: SgdParams): void {
    contract.sgdUpdate.check(this.probe, param, grad, velocity, size, p);
    this.k.sgdUpdate(at(param), at(grad), atIfGiven(velocity), size, p.lr, p.momentum, p.nesterov ? 1 : 0, p.weightDecay);
  }

  adamUpdate(param: DataId, grad: DataId, m: DataId, v: DataId, size: number, p: AdamParams): void {
    contract.adamUpdate.check(this.probe, param, grad, m, v, size, p);
    const wd = p.decoupled ? 0 : p.weightDecay, decay = p.decoupled ? 1 - p.lr * p.weightDecay : 1;
    const c1 = 1 - Math.pow(p.beta1, p.step), c2 = 1 - Math.pow(p.beta2, p.step);
    const pp = at(param), gp = at(grad), mp = at(m), vp = at(v);
    if (this.splitsElementwise(size)) {
      this.byRanges("adamUpdate", size, (b, n) => [pp + b, gp + b, mp + b, vp + b, n, p.lr, p.beta1, p.beta2, p.eps, wd, decay, c1, c2]);
    } else this.k.adamUpdate(pp, gp, mp, vp, size, p.lr, p.beta1, p.beta2, p.eps, wd, decay, c1, c2);
  }

  rmspropUpdate(param: DataId, grad: DataId, sq: DataId, size: number, p: RmspropParams): void {
    contract.rmspropUpdate.check(this.probe, param, grad, sq, size, p);
    this.k.rmspropUpdate(at(param), at(grad), at(sq), size, p.lr, p.alpha, p.eps, p.weightDecay);
  }

  sumSquares(x: DataId, size: number, out: DataId, index: number): void {
    contract.sumSquares.check(this.probe, x, size, out, index);
    this.heap.f32[at(out) / 4 + index] = this.k.sumSquares(at(x), size);
  }

  fractionZeros(x: DataId, size: number, out: DataId, index: number): void {
    contract.fractionZeros.check(this.probe, x, size, out, index);
    this.heap.f32[at(out) / 4 + index] = this.k.fractionZeros(at(x), size);
  }

  fractionOutside(x: DataId, size: number, lo: number, hi: number, out: DataId, index: number): void {
    contract.fractionOutside.check(this.probe, x, size, lo, hi, out, index);
    this.heap.f32[at(out) / 4 + index] = this.k.fractionOutside(at(x), size, lo, hi);
  }
}
