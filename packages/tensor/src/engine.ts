import type { Backend, BackendMemory, DataId } from "./backend.js";
import { JsBackend } from "./js/js-backend.js";
import type { Tensor } from "./tensor.js";

/** Storage shared by a tensor and its reshaped views; freed when the last one goes. */
export interface Storage {
  readonly backend: Backend;
  readonly dataId: DataId;
  refs: number;
}

/**
 * Live tensors and storage of one backend.
 *
 * @example
 * const { tensors, bytes }: BackendMemoryInfo = memory().js;
 */
export interface BackendMemoryInfo extends BackendMemory {
  tensors: number;
}

let current: Backend | null = null;
const scopes: Set<Tensor>[] = [];
const liveTensors = new Map<Backend, number>();
const backends = new Set<Backend>();

/** Frees storage when its last reference goes. */
export function releaseStorage(s: Storage): void {
  if (--s.refs === 0) s.backend.free(s.dataId);
}

function countTensor(b: Backend, delta: number): void {
  backends.add(b);
  liveTensors.set(b, (liveTensors.get(b) ?? 0) + delta);
}

// Safety net: a tensor that was garbage-collected without dispose() gives its storage back.
const finalizer = new FinalizationRegistry<Storage>((s) => {
  countTensor(s.backend, -1);
  releaseStorage(s);
});

/** Called by every Tensor constructor: counts it, tracks it in the open tidy scope, arms the finalizer. */
export function trackTensor(t: Tensor, s: Storage): void {
  countTensor(s.backend, 1);
  finalizer.register(t, s, t);
  scopes[scopes.length - 1]?.add(t);
}

/** Called by Tensor.dispose(). */
export function untrackTensor(t: Tensor, s: Storage): void {
  finalizer.unregister(t);
  countTensor(s.backend, -1);
  for (const scope of scopes) scope.delete(t);
  releaseStorage(s);
}

/**
 * The backend new tensors and ops use; the JS backend (float32) unless set.
 *
 * @example
 * getBackend().name; // "js"
 */
export function getBackend(): Backend {
  if (!current) current = new JsBackend();
  backends.add(current);
  return current;
}

/**
 * Makes `backend` the one new tensors and ops use.
 *
 * @example
 * setBackend(await createWasmBackend());
 */
export function setBackend(backend: Backend): void {
  current = backend;
  backends.add(backend);
}

/**
 * Runs `fn` with `backend` as the current backend, then restores the previous one.
 *
 * @example
 * const y = withBackend(new JsBackend({ dtype: "float64" }), () => matmul(a, b));
 */
export function withBackend<T>(backend: Backend, fn: () => T): T {
  const prev = current;
  setBackend(backend);
  try {
    return fn();
  } finally {
    current = prev;
  }
}

type Kept = Tensor | readonly Kept[] | { readonly [k: string]: Kept } | number | string | boolean | null | undefined | void;

function collect(value: unknown, into: Set<Tensor>): void {
  if (value && typeof value === "object") {
    if ("dataId" in value && "shape" in value) into.add(value as Tensor);
    else for (const v of Object.values(value)) collect(v, into);
  }
}

/**
 * Runs `fn` and disposes every tensor it created, except those it returns (directly or inside an
 * array or object) and those passed to `keep`. When `fn` throws, everything it created is disposed.
 *
 * @example
 * const loss = tidy(() => mean(square(sub(pred, target))));
 */
export function tidy<T extends Kept>(fn: () => T): T {
  const scope = new Set<Tensor>();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (err) {
    for (const t of scope) t.dispose();
    throw err;
  } finally {
    scopes.pop();
  }
  const keepSet = new Set<Tensor>();
  collect(result, keepSet);
  for (const t of scope) {
    if (keepSet.has(t)) scopes[scopes.length - 1]?.add(t);
    else t.dispose();
  }
  return result;
}

/**
 * Takes a tensor out of the enclosing tidy scopes so it survives them.
 *
 * @example
 * tidy(() => { weights = keep(randomNormal([784, 10])); });
 */
export function keep<T extends Tensor>(t: T): T {
  for (const scope of scopes) scope.delete(t);
  return t;
}

/**
 * Live tensors, buffers and bytes for each backend that has been used, keyed by backend name.
 * Backends sharing a name (two `new JsBackend()`) are added together, so nothing live is hidden.
 *
 * @example
 * memory().js.tensors; // 0 after every tensor was disposed
 */
export function memory(): Record<string, BackendMemoryInfo> {
  const out: Record<string, BackendMemoryInfo> = {};
  for (const b of backends) {
    const m = b.memory();
    const prev = out[b.name] ?? { tensors: 0, buffers: 0, bytes: 0 };
    out[b.name] = { tensors: prev.tensors + (liveTensors.get(b) ?? 0), buffers: prev.buffers + m.buffers, bytes: prev.bytes + m.bytes };
  }
  return out;
}
