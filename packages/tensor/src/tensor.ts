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
