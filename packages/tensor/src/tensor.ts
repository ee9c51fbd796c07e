import type { Backend, DataId } from "./backend.js";
import type { DType, FloatArray } from "./dtype.js";
import { getBackend, keep, trackTensor, untrackTensor, type Storage } from "./engine.js";
import { assertValidShape, formatShape, ShapeError, sizeOf, type Shape } from "./shape.js";

/**
 * A shape, a dtype and a handle to storage owned by one backend. Tensors are immutable from the
 * outside; layers and optimizers update storage in place through backend kernels.
 *
 * @example
 * const t = tensor([1, 2, 3, 4], [2, 2]);
 * await t.data(); // Float32Array [1, 2, 3, 4]
 */
export class Tensor {
  readonly shape: readonly number[];
  readonly size: number;
  private storage: Storage;
  private disposed = false;
  private heldBy: string | null = null;

  /** Use {@link empty}, {@link tensor} or the ops to make tensors. */
  constructor(shape: Shape, storage: Storage) {
    assertValidShape("Tensor", shape);
    this.shape = Object.freeze([...shape]);
    this.size = sizeOf(shape);
    this.storage = storage;
    trackTensor(this, storage);
  }

  /** The backend that owns the storage. */
  get backend(): Backend {
    return this.storage.backend;
  }

  /** The backend's handle to the storage. */
  get dataId(): DataId {
    this.assertLive();
    return this.storage.dataId;
  }

  /** The backend's element type: every tensor of a backend shares it. */
  get dtype(): DType {
    return this.storage.backend.dtype;
  }

  /** Number of axes (0 for a scalar). */
  get rank(): number {
    return this.shape.length;
  }

  /** True once `dispose()` ran; the storage may still live on in views. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /**
   * Who holds this tensor and reuses it, e.g. "layer 'fc1' (its forward output, reused by the next
   * call)"; null when whoever has it may dispose it.
   */
  get owner(): string | null {
    return this.heldBy;
  }

  /**
   * Marks the tensor as held by `owner`, which reuses it from call to call: `dispose()` then throws
   * instead of breaking the owner for good, and no `tidy` frees it. Returns the tensor.
   *
   * @example
   * const y = empty([64, 10]).own("layer 'fc1' (its forward output, reused by the next call)");
   */
  own(owner: string): this {
    this.heldBy = owner;
    return keep(this);
  }

  /**
   * Clears the mark set by {@link own}, so the owner can free the tensor. Returns the tensor.
   *
   * @example
   * y.disown().dispose(); // in the owner's dispose()
   */
  disown(): this {
    this.heldBy = null;
    return this;
  }

  /**
   * A new tensor with a copy of the values, on the same backend, that the caller owns.
   *
   * @example
   * const kept = model.forward(x).clone(); // survives the next forward
   */
  clone(): Tensor {
    const src = this.dataId; // throws for a disposed tensor before anything is allocated
    const out = empty(this.shape, this.backend);
    this.backend.copy(src, out.dataId, this.size);
    return out;
  }

  /**
   * A copy on `backend` that the caller owns (and disposes); on the tensor's own backend it is
   * {@link clone}. Asynchronous because the values travel through the host, and reading a GPU
   * buffer back is asynchronous; {@link toSync} is the same for backends that read synchronously.
   * Different backends share no memory, so there is no device-to-device path to take instead.
   *
   * @example
   * const onWasm = await t.to(wasm); // t is unchanged, on its own backend
   */
  async to(backend: Backend): Promise<Tensor> {
    if (backend === this.backend) return this.clone();
    return this.copyOnto(backend, await this.data());
  }

  /**
   * {@link to} without awaiting, for a tensor whose backend reads synchronously (JS, WASM).
   *
   * @example
   * const f64 = t.toSync(new JsBackend({ dtype: "float64" }));
   */
  toSync(backend: Backend): Tensor {
    if (backend === this.backend) return this.clone();
    return this.copyOnto(backend, this.dataSync());
  }

  /**
   * Moves the storage to `backend` in place: the same tensor object, its values copied into new
   * storage there and the old storage freed (or left to views made by `reshape`, which stay where
   * they were). This is how a model or optimizer keeps its identity, and every reference to its
   * tensors, while it changes backend; ownership ({@link own}) is kept. A moved tensor is out of
   * any `tidy` scope, as a kept one is. Does nothing on the tensor's own backend.
   *
   * @example
   * await weight.moveTo(wasm); // weight.backend === wasm; the JS buffer is freed
   */
  async moveTo(backend: Backend): Promise<this> {
    if (backend === this.backend) return this;
    const values = await this.data();
    this.assertLive(); // disposed while the values were on their way
    if (backend === this.backend) return this; // moved there meanwhile by another call
    const storage: Storage = { backend, dataId: backend.alloc(this.size), refs: 1 };
    backend.write(storage.dataId, values);
    untrackTensor(this, this.storage);
    this.storage = storage;
    trackTensor(this, storage); // no tidy scope is open after the await, so it joins none
    return this;
  }

  /** Copies the values to the host (asynchronous, as a GPU needs). */
  async data(): Promise<FloatArray> {
    const values = await this.backend.read(this.dataId);
    return values.length === this.size ? values : values.slice(0, this.size);
  }

  /** Copies the values to the host synchronously; only CPU backends can. */
  dataSync(): FloatArray {
    const b = this.backend;
    if (!b.readSync) throw new Error(`dataSync: the ${b.name} backend reads only asynchronously; use await tensor.data()`);
    const values = b.readSync(this.dataId);
    return values.length === this.size ? values : values.slice(0, this.size);
  }

  /** A view with another shape of the same size, sharing storage (no copy). */
  reshape(shape: Shape): Tensor {
    const resolved = resolveReshape(this.shape, shape);
    this.assertLive();
    this.storage.refs++;
    return new Tensor(resolved, this.storage);
  }

  /**
   * Frees the storage once no view needs it. Safe to call twice. A tensor someone else holds and
   * reuses (see {@link owner}) is refused with an error, since freeing it would break its owner.
   */
  dispose(): void {
    if (this.disposed) return;
    if (this.heldBy !== null) {
      throw new Error(`${this.toString()}: this tensor is owned by ${this.heldBy}: copy it with .clone() to keep it; its owner frees it`);
    }
    this.disposed = true;
    untrackTensor(this, this.storage);
  }

  /** "Tensor([2, 3], float32, js)", as errors show a tensor. */
  toString(): string {
    return `Tensor(${formatShape(this.shape)}, ${this.dtype}, ${this.backend.name}${this.disposed ? ", disposed" : ""})`;
  }

  /** A new tensor of this shape on `backend` holding `values`. */
  private copyOnto(backend: Backend, values: ArrayLike<number>): Tensor {
    const out = empty(this.shape, backend);
    backend.write(out.dataId, values);
    return out;
  }

  private assertLive(): void {
    if (this.disposed) throw new Error(`${this.toString()}: the tensor was disposed`);
  }
}

/** One -1 in `shape` takes whatever size is left. */
function resolveReshape(from: Shape, to: Shape): number[] {
  const size = sizeOf(from);
  const free = to.indexOf(-1);
  if (to.some((d, i) => !(Number.isInteger(d) && (d >= 0 || (d === -1 && i === free))))) {
    throw new ShapeError("reshape", "non-negative integer dimensions and at most one -1", to);
  }
  const out = [...to];
  if (free >= 0) {
    const known = sizeOf(to.filter((_, i) => i !== free));
    if (known === 0 || size % known !== 0) throw new ShapeError("reshape", `a shape with ${size} elements`, to);
    out[free] = size / known;
  }
  if (sizeOf(out) !== size) throw new ShapeError("reshape", `a shape with ${size} elements (from ${formatShape(from)})`, to);
  return out;
}

/**
 * A new tensor with zeroed storage on `backend` (the current one by default).
 *
 * @example
 * const y = empty([64, 10]);
 */
export function empty(shape: Shape, backend: Backend = getBackend()): Tensor {
  assertValidShape("empty", shape);
  return new Tensor(shape, { backend, dataId: backend.alloc(sizeOf(shape)), refs: 1 });
}
