import {
  KERNEL_CONTRACTS as contract, type Activation, type AdamParams, type Backend, type BackendMemory, type BinaryOp, type Conv2dGeometry,
  type DataId, type KernelName, type MatmulParams, type Pool2dGeometry, type PrimitiveBackend, type ReduceOp, type SgdParams, type Shape,
  type SoftmaxCrossEntropyParams, type StorageProbe, type UnaryOp,
} from "@chainrule/tensor";
import { BufferPool, sizeClass } from "./buffer-pool.js";
import { DeviceState } from "./device-state.js";
import { Dispatcher } from "./dispatcher.js";
import { GpuData } from "./gpu-data.js";
import { BufferUsage } from "./gpu-flags.js";
import { activation, activationBackward } from "./kernels/activation.js";
import { argmax } from "./kernels/argmax.js";
import { conv2d, conv2dBackwardFilter, conv2dBackwardInput } from "./kernels/conv2d.js";
import { binary, binaryScalar, unary } from "./kernels/elementwise.js";
import { fill } from "./kernels/fill.js";
import { matmul } from "./kernels/matmul.js";
import { adamUpdate, sgdUpdate } from "./kernels/optimizers.js";
import { avgPool, avgPoolBackward, maxPool, maxPoolBackward } from "./kernels/pool.js";
import { reduce } from "./kernels/reduce.js";
import { softmaxCrossEntropy } from "./kernels/softmax-cross-entropy.js";
import { Readback } from "./readback.js";

/** The kernels written in WGSL beyond the primitives: each replaces a composite of several dispatches. */
export type FusedKernel = "activation" | "activationBackward" | "softmaxCrossEntropy" | "sgdUpdate" | "adamUpdate";

/** How `createWebGpuBackend` set a backend up. */
export interface WebGpuSetup {
  device: GPUDevice;
  /** Whether the backend made the device (and destroys it on dispose). */
  ownsDevice: boolean;
  label: string;
}

/** The buffer of storage a contract check has vetted. */
function buf(id: DataId): GPUBuffer {
  return (id as GpuData).buffer;
}

/**
 * The primitive kernels and the fused ones as WGSL compute shaders on one GPUDevice; every other
 * kernel of the Backend comes from `composeBackend`. Each kernel checks its arguments with
 * KERNEL_CONTRACTS, then records its dispatch (see Dispatcher); nothing waits for the GPU but `read`.
 */
export class WebGpuKernels implements PrimitiveBackend, Pick<Backend, FusedKernel> {
  readonly name = "webgpu";
  readonly dtype = "float32" as const;
  readonly label: string;
  readonly device: GPUDevice;
  private readonly ownsDevice: boolean;
  private readonly state = new DeviceState();
  private readonly pool: BufferPool;
  private readonly gpu: Dispatcher;
  private readonly readback: Readback;
  private disposed = false;
  private live = 0;
  private liveBytes = 0;
  /** What the argument checks of KERNEL_CONTRACTS ask: live storage of this backend, and its length. */
  private readonly probe: StorageProbe = { name: this.name, elements: (id, kernel, arg) => this.storage(id, kernel, arg).size };
  private readonly onError = (e: Event): void => {
    this.state.end(new Error(`webgpu backend: the GPU device reported an error: ${(e as GPUUncapturedErrorEvent).error.message}`));
  };

  constructor(setup: WebGpuSetup) {
    this.device = setup.device;
    this.ownsDevice = setup.ownsDevice;
    this.label = setup.label;
    this.gpu = new Dispatcher(this.device, this.state, this.name);
    this.readback = new Readback(this.device, this.gpu, this.state);
    this.pool = new BufferPool((bytes) => this.createStorage(bytes));
    void this.device.lost.then((info) => {
      const why = info.message ? `${info.reason}: ${info.message}` : String(info.reason);
      this.state.end(new Error(`webgpu backend: the GPU device was lost (${why}); every call fails from now on: create a new backend`));
    });
    // on a device of its own, any error the device reports is the backend's (its shaders' errors are
    // caught by error scopes); a device passed in may report its owner's errors too, which are not
    if (this.ownsDevice) this.device.addEventListener("uncapturederror", this.onError);
  }

  /** A new storage buffer, checked for out of memory (the error scope reports later; the next read waits for it). */
  private createStorage(bytes: number): GPUBuffer {
    this.device.pushErrorScope("out-of-memory");
    const buffer = this.device.createBuffer({ label: "chainrule tensor", size: bytes, usage: BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST });
    this.state.watch(this.device.popErrorScope(), (e) => new Error(
      `webgpu backend alloc: out of GPU memory making a buffer of ${bytes} bytes, with ${this.liveBytes} bytes in ${this.live} live tensors ` +
        `and ${this.pool.bytes} bytes of tensor buffers in all (${e.message}); the backend cannot continue: free tensors or use smaller batches`,
    ));
    return buffer;
  }

  /** Live storage owned by this backend, or an error naming the kernel and the argument. */
  private storage(id: DataId, kernel: KernelName, arg: string): GpuData {
    const d = id as GpuData;
    if (!(d instanceof GpuData) || d.owner !== this) throw new Error(`webgpu backend ${kernel}: ${arg} belongs to another backend`);
    if (d.freed) throw new Error(`webgpu backend ${kernel}: ${arg} was freed (a disposed tensor?)`);
    return d;
  }

  /**
   * Bytes and buffers of GPU memory the backend holds: tensor buffers in use and pooled for reuse,
   * staging buffers for reads and the uniform buffer. A steady workload stops it growing.
   *
   * @example
   * const { bytes } = backend.gpuMemory(); // the same after step 100 and step 2,000 of a training loop
   */
  gpuMemory(): BackendMemory {
    if (this.disposed) return { buffers: 0, bytes: 0 };
    return { buffers: this.pool.buffers + this.readback.buffers + 1, bytes: this.pool.bytes + this.readback.bytes + this.gpu.bytes };
  }

  // ---- storage ----

  alloc(size: number): DataId {
    this.state.check();
    contract.alloc.check(this.probe, size);
    const bytes = sizeClass(size * 4);
    const limit = Math.min(this.device.limits.maxStorageBufferBindingSize, this.device.limits.maxBufferSize);
    if (bytes > limit) {
      throw new RangeError(`webgpu backend alloc: ${size} elements take ${bytes} bytes of buffer, more than this device binds (${limit} bytes)`);
    }
    const { buffer, fresh } = this.pool.take(bytes);
    // a new buffer holds zeros; a reused one is cleared after the work of its last owner
    if (!fresh) this.gpu.clear(buffer, size * 4);
    this.live++;
    this.liveBytes += size * 4;
    return new GpuData(buffer, size, this);
  }

  write(id: DataId, values: ArrayLike<number>, offset = 0): void {
    this.state.check();
    contract.write.check(this.probe, id, values, offset);
    if (values.length === 0) return;
    // queue writes run before any command buffer submitted after them: submit what came before first
    this.gpu.flush();
    // a Float32Array goes to the queue as it is (the queue copies it once); anything else is converted first.
    // writeBuffer takes shared memory too ([AllowShared]), which @webgpu/types does not say
    const data = (values instanceof Float32Array ? values : Float32Array.from(values)) as Float32Array<ArrayBuffer>;
    this.device.queue.writeBuffer(buf(id), offset * 4, data);
  }

  async read(id: DataId): Promise<Float32Array> {
    this.state.check();
    contract.read.check(this.probe, id);
    return this.readback.read(buf(id), (id as GpuData).size);
  }

  free(id: DataId): void {
    const d = id as GpuData;
    if (!(d instanceof GpuData) || d.owner !== this || d.freed) return;
    d.freed = true;
    if (this.disposed) return;
    this.pool.give(d.buffer);
    this.live--;
    this.liveBytes -= d.size * 4;
  }

  memory(): BackendMemory {
    return { buffers: this.live, bytes: this.liveBytes };
  }

  /**
   * Ends the backend: work not yet submitted is dropped, every buffer destroyed, and the device
   * destroyed when the backend made it (a device passed in stays the caller's). Pending reads
   * reject, and every later call throws, except `free`, `memory` and `dispose`.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.state.end(new Error("webgpu backend: used after dispose()"));
    if (this.ownsDevice) this.device.removeEventListener("uncapturederror", this.onError);
    this.gpu.destroy();
    this.readback.destroy();
    this.pool.destroy();
    if (this.ownsDevice) this.device.destroy();
    this.live = 0;
    this.liveBytes = 0;
  }

  // ---- primitives ----

  fill(out: DataId, value: number, size: number): void {
    this.state.check();
    contract.fill.check(this.probe, out, value, size);
    fill(this.gpu, buf(out), value, size);
  }

  copy(src: DataId, dst: DataId, size: number, srcOffset = 0, dstOffset = 0): void {
    this.state.check();
    contract.copy.check(this.probe, src, dst, size, srcOffset, dstOffset);
    this.gpu.copy(buf(src), srcOffset * 4, buf(dst), dstOffset * 4, size * 4);
  }

  matmul(a: DataId, b: DataId, out: DataId, p: MatmulParams): void {
    this.state.check();
    contract.matmul.check(this.probe, a, b, out, p);
    matmul(this.gpu, buf(a), buf(b), p.bias ? buf(p.bias) : null, buf(out), p);
  }

  binary(op: BinaryOp, a: DataId, aShape: Shape, b: DataId, bShape: Shape, out: DataId, outShape: Shape): void {
    this.state.check();
    contract.binary.check(this.probe, op, a, aShape, b, bShape, out, outShape);
    binary(this.gpu, op, buf(a), aShape, buf(b), bShape, buf(out), outShape);
  }

  binaryScalar(op: BinaryOp, a: DataId, s: number, out: DataId, size: number, scalarFirst = false): void {
    this.state.check();
    contract.binaryScalar.check(this.probe, op, a, s, out, size, scalarFirst);
    binaryScalar(this.gpu, op, buf(a), s, buf(out), size, scalarFirst);
  }

  unary(op: UnaryOp, x: DataId, out: DataId, size: number): void {
    this.state.check();
    contract.unary.check(this.probe, op, x, out, size);
    unary(this.gpu, op, buf(x), buf(out), size);
  }

  reduce(op: ReduceOp, x: DataId, shape: Shape, axes: readonly number[], out: DataId): void {
    this.state.check();
    contract.reduce.check(this.probe, op, x, shape, axes, out);
    reduce(this.gpu, op, buf(x), shape, axes, buf(out));
  }

  argmax(x: DataId, shape: Shape, axis: number, out: DataId): void {
    this.state.check();
    contract.argmax.check(this.probe, x, shape, axis, out);
    argmax(this.gpu, buf(x), shape, axis, buf(out));
  }

  conv2d(x: DataId, w: DataId, bias: DataId | null, y: DataId, g: Conv2dGeometry): void {
    this.state.check();
    contract.conv2d.check(this.probe, x, w, bias, y, g);
    conv2d(this.gpu, buf(x), buf(w), bias ? buf(bias) : null, buf(y), g);
  }

  conv2dBackwardInput(dy: DataId, w: DataId, dx: DataId, g: Conv2dGeometry): void {
    this.state.check();
    contract.conv2dBackwardInput.check(this.probe, dy, w, dx, g);
    conv2dBackwardInput(this.gpu, buf(dy), buf(w), buf(dx), g);
  }

  conv2dBackwardFilter(x: DataId, dy: DataId, dw: DataId, g: Conv2dGeometry): void {
    this.state.check();
    contract.conv2dBackwardFilter.check(this.probe, x, dy, dw, g);
    conv2dBackwardFilter(this.gpu, buf(x), buf(dy), buf(dw), g);
  }

  maxPool(x: DataId, y: DataId, g: Pool2dGeometry): void {
    this.state.check();
    contract.maxPool.check(this.probe, x, y, g);
    maxPool(this.gpu, buf(x), buf(y), g);
  }

  maxPoolBackward(x: DataId, dy: DataId, dx: DataId, g: Pool2dGeometry): void {
    this.state.check();
    contract.maxPoolBackward.check(this.probe, x, dy, dx, g);
    maxPoolBackward(this.gpu, buf(x), buf(dy), buf(dx), g);
  }

  avgPool(x: DataId, y: DataId, g: Pool2dGeometry): void {
    this.state.check();
    contract.avgPool.check(this.probe, x, y, g);
    avgPool(this.gpu, buf(x), buf(y), g);
  }

  avgPoolBackward(dy: DataId, dx: DataId, g: Pool2dGeometry): void {
    this.state.check();
    contract.avgPoolBackward.check(this.probe, dy, dx, g);
    avgPoolBackward(this.gpu, buf(dy), buf(dx), g);
  }

  // ---- fused kernels ----

  activation(kind: Activation, x: DataId, y: DataId, size: number, alpha?: number): void {
    this.state.check();
    contract.activation.check(this.probe, kind, x, y, size, alpha);
    activation(this.gpu, kind, buf(x), buf(y), size, alpha);
  }

  activationBackward(kind: Activation, y: DataId, dy: DataId, dx: DataId, size: number, alpha?: number): void {
    this.state.check();
    contract.activationBackward.check(this.probe, kind, y, dy, dx, size, alpha);
    activationBackward(this.gpu, kind, buf(y), buf(dy), buf(dx), size, alpha);
  }

  softmaxCrossEntropy(logits: DataId, targets: DataId, loss: DataId, dlogits: DataId | null, p: SoftmaxCrossEntropyParams): void {
    this.state.check();
    contract.softmaxCrossEntropy.check(this.probe, logits, targets, loss, dlogits, p);
    softmaxCrossEntropy(this.gpu, buf(logits), buf(targets), buf(loss), dlogits ? buf(dlogits) : null, p);
  }

  sgdUpdate(param: DataId, grad: DataId, velocity: DataId | null, size: number, p: SgdParams): void {
    this.state.check();
    contract.sgdUpdate.check(this.probe, param, grad, velocity, size, p);
    sgdUpdate(this.gpu, buf(param), buf(grad), velocity ? buf(velocity) : null, size, p);
  }

  adamUpdate(param: DataId, grad: DataId, m: DataId, v: DataId, size: number, p: AdamParams): void {
    this.state.check();
    contract.adamUpdate.check(this.probe, param, grad, m, v, size, p);
    adamUpdate(this.gpu, buf(param), buf(grad), buf(m), buf(v), size, p);
  }
}
