import { Rng, type Backend, type DataId } from "@chainrule/tensor";
import { expectClose, type Tolerance } from "./tolerance.js";

/**
 * Elements allocated past the logical size of every buffer, holding {@link SENTINEL}. A kernel must
 * use the sizes it is given, not the storage length: layers reuse larger buffers, and a WASM or GPU
 * allocator may round sizes up. Reading the slack spoils a result; writing it is caught directly.
 */
const SLACK = 3;
const SENTINEL = -7777.25;

/**
 * One backend buffer made by a {@link Harness}, with the values it must hold when checked.
 *
 * @example
 * const y = h.output("y", 13);      // y.initial: the junk it starts with
 * y.expect(reference);              // what the kernel must leave in it
 */
export class TrackedBuffer {
  private expected: Float64Array | null;

  constructor(
    readonly id: DataId,
    readonly label: string,
    /** What the buffer held when made: an input's values, or the junk an output starts with. */
    readonly initial: Float64Array,
    isInput: boolean,
    /** Elements past `size` that hold the sentinel. */
    readonly slack: number,
  ) {
    this.expected = isInput ? initial : null;
  }

  get size(): number {
    return this.initial.length;
  }

  /** The values this buffer must hold at the next check (the reference result of a kernel). */
  expect(values: ArrayLike<number>): void {
    if (values.length !== this.size) throw new Error(`harness: ${values.length} expected values for ${this.label} of size ${this.size}`);
    this.expected = Float64Array.from(values);
  }

  /** The values the buffer must hold; inputs start with the values written into them. */
  get values(): Float64Array {
    if (!this.expected) throw new Error(`harness: output ${this.label} was never given expected values`);
    return this.expected;
  }
}

/** FNV-1a of a label: each test draws its inputs from its own seed, whatever order tests run in. */
function seedOf(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Makes buffers on a backend, remembers what each must hold, and checks them all at once: outputs
 * against their reference, inputs against their original values (a kernel must not clobber them),
 * and every buffer's slack against the sentinel.
 *
 * @example
 * const h = new Harness(backend, toleranceFor(backend.dtype), "relu");
 * const x = h.input("x", h.random(13));
 * const y = h.output("y", 13);
 * backend.activation("relu", x.id, y.id, 13);
 * y.expect(x.values.map((v) => Math.max(v, 0)));
 * await h.verify();
 * h.free();
 */
export class Harness {
  readonly rng: Rng;
  private readonly buffers: TrackedBuffer[] = [];

  constructor(
    readonly backend: Backend,
    readonly tol: Tolerance,
    readonly label: string,
  ) {
    this.rng = new Rng(seedOf(label));
  }

  /** Values rounded to the backend's dtype, so the float64 reference sees exactly what the backend stores. */
  round(values: ArrayLike<number>): Float64Array {
    return this.backend.dtype === "float32" ? Float64Array.from(Float32Array.from(values)) : Float64Array.from(values);
  }

  /** `size` uniform values in [lo, hi), rounded to the dtype. */
  random(size: number, lo = -1, hi = 1): Float64Array {
    const v = new Float64Array(size);
    for (let i = 0; i < size; i++) v[i] = this.rng.uniform(lo, hi);
    return this.round(v);
  }

  /** `size` integers in [0, n), as floats: inputs with ties (pooling, argmax) and class labels. */
  integers(size: number, n: number): Float64Array {
    const v = new Float64Array(size);
    for (let i = 0; i < size; i++) v[i] = this.rng.int(n);
    return v;
  }

  /**
   * A buffer holding `values`, which it must still hold at the check unless told otherwise. `slack`
   * 0 makes storage exactly as long as the values.
   */
  input(label: string, values: ArrayLike<number>, slack = SLACK): TrackedBuffer {
    return this.make(label, this.round(values), true, slack);
  }

  /** A buffer of `size` random values that a kernel must overwrite; give its reference with `expect`. */
  output(label: string, size: number): TrackedBuffer {
    return this.make(label, this.random(size, -3, 3), false, SLACK);
  }

  /** Writes new values into a buffer between kernel calls (a fresh gradient each optimizer step). */
  write(buf: TrackedBuffer, values: ArrayLike<number>): void {
    const rounded = this.round(values);
    this.backend.write(buf.id, rounded);
    buf.expect(rounded);
  }

  private make(label: string, contents: Float64Array, isInput: boolean, slack: number): TrackedBuffer {
    const id = this.backend.alloc(contents.length + slack);
    const full = new Float64Array(contents.length + slack).fill(SENTINEL);
    full.set(contents);
    this.backend.write(id, full);
    const buf = new TrackedBuffer(id, label, contents, isInput, slack);
    this.buffers.push(buf);
    return buf;
  }

  /** Reads every buffer back and throws on the first that differs from what it must hold. */
  async verify(): Promise<void> {
    for (const buf of this.buffers) {
      const got = await this.backend.read(buf.id);
      const where = `${this.label}: ${buf.label}`;
      expectClose(got, buf.values, this.tol, where);
      for (let i = buf.size; i < buf.size + buf.slack; i++) {
        if (got[i] !== SENTINEL) throw new Error(`${where}: the kernel wrote past the ${buf.size} elements it was given (element ${i} is ${got[i]})`);
      }
    }
  }

  /** Frees every buffer this harness made. */
  free(): void {
    for (const buf of this.buffers.splice(0)) this.backend.free(buf.id);
  }
}
