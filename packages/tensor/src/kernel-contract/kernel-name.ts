import type { Backend } from "../backend.js";

/**
 * The name of every method of the Backend interface: storage, lifecycle and compute kernels
 * (`readSync`, optional on a GPU backend, included).
 *
 * @example
 * const k: KernelName = "conv2dBackwardFilter";
 */
export type KernelName = {
  [K in keyof Backend]-?: NonNullable<Backend[K]> extends (...args: never[]) => unknown ? K : never;
}[keyof Backend];

/**
 * The arguments of one kernel, as the Backend interface declares them.
 *
 * @example
 * const args: KernelArgs<"fill"> = [out, 0, 64];
 */
export type KernelArgs<K extends KernelName> = Parameters<NonNullable<Backend[K]>>;
