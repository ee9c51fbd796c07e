// The checks every kernel's arguments go through. Sizes, indices and geometry reach kernels as loop
// bounds and addresses: WebAssembly truncates 2.5 to 2 and NaN to 0, and a negative offset
// addresses the buffer allocated before, so each value is vetted on the host first. Every kernel
// call passes here: nothing allocates unless it throws (no rest arguments, no objects, strings
// only in messages).
import type { DataId } from "../backend.js";
import type { Shape } from "../shape.js";
import type { KernelName } from "./kernel-name.js";

/**
 * What the argument checks ask of a backend: its name, for messages, and how many elements a
 * storage handle holds. `elements` also vets the handle and throws when it is not live storage of
 * this backend (freed, disposed, another backend's), naming the kernel and the argument.
 *
 * @example
 * const probe: StorageProbe = { name: "js", elements: (id) => (id as { array: Float32Array }).array.length };
 * KERNEL_CONTRACTS.fill.check(probe, out, 0, 64);
 */
export interface StorageProbe {
  readonly name: string;
  elements(id: DataId, kernel: KernelName, arg: string): number;
}

/** Throws the RangeError every argument check throws: backend, kernel, then what is wrong. */
export function refuse(p: StorageProbe, kernel: KernelName, message: string): never {
  throw new RangeError(`${p.name} backend ${kernel}: ${message}`);
}

// The checks below run inlined into every kernel call, within V8's inlining budget per function
// (measured: a conv2d check over budget cost 50–90 ns more per call), so each keeps its message in
// a function of its own that runs only when it throws.

function refuseBelow(p: StorageProbe, kernel: KernelName, arg: string, v: number, min: number): never {
  refuse(p, kernel, `${arg} must be an integer ≥ ${min}, got ${v}`);
}

function refuseShort(p: StorageProbe, kernel: KernelName, arg: string, have: number, need: number): never {
  refuse(p, kernel, `${arg} holds ${have} elements but ${need} are needed`);
}

/** An element count, dimension or index: an integer ≥ 0. */
export function checkCount(p: StorageProbe, kernel: KernelName, arg: string, v: number): void {
  if (!(Number.isSafeInteger(v) && v >= 0)) refuseBelow(p, kernel, arg, v, 0);
}

/** A stride, a window size or a step number: an integer ≥ 1. */
export function checkPositive(p: StorageProbe, kernel: KernelName, arg: string, v: number): void {
  if (!(Number.isSafeInteger(v) && v >= 1)) refuseBelow(p, kernel, arg, v, 1);
}

/** `id` is live storage of the backend holding at least `need` elements. */
export function checkHolds(p: StorageProbe, kernel: KernelName, arg: string, id: DataId, need: number): void {
  const have = p.elements(id, kernel, arg);
  if (have < need) refuseShort(p, kernel, arg, have, need);
}

/** Like {@link checkHolds} for an optional buffer (null or undefined: not used). */
export function checkHoldsIfGiven(p: StorageProbe, kernel: KernelName, arg: string, id: DataId | null | undefined, need: number): void {
  if (id) checkHolds(p, kernel, arg, id, need);
}

function refuseDimension(p: StorageProbe, kernel: KernelName, arg: string, shape: Shape, i: number): never {
  refuse(p, kernel, `${arg}[${i}] must be an integer ≥ 0, got ${shape[i]} (shape [${shape.join(", ")}])`);
}

/** Every dimension of `shape` is an integer ≥ 0; returns the element count. */
export function checkShape(p: StorageProbe, kernel: KernelName, arg: string, shape: Shape): number {
  let size = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (!(Number.isSafeInteger(d) && d >= 0)) refuseDimension(p, kernel, arg, shape, i);
    size *= d;
  }
  return size;
}

function refuseAxis(p: StorageProbe, kernel: KernelName, axis: number, rank: number): never {
  refuse(p, kernel, `axis ${axis} is outside a shape of rank ${rank}`);
}

/** `axis` indexes a dimension of a shape of rank `rank`. */
export function checkAxis(p: StorageProbe, kernel: KernelName, axis: number, rank: number): void {
  if (!(Number.isInteger(axis) && axis >= 0 && axis < rank)) refuseAxis(p, kernel, axis, rank);
}
