import type { Backend } from "../backend.js";

/**
 * The methods a backend must implement itself: storage and fifteen compute kernels. Every
 * other kernel of {@link Backend} has a composite default written with these ({@link composeBackend}).
 * `readSync` is optional (CPU backends only); `name`, `dtype` and `label` are properties.
 *
 * @example
 * PRIMITIVE_KERNELS.filter((k) => typeof myBackend[k] !== "function"); // what is left to write
 */
export const PRIMITIVE_KERNELS = [
  "alloc", "write", "read", "free", "memory", "dispose",
  "fill", "copy", "matmul", "binary", "binaryScalar", "unary", "reduce", "argmax",
  "conv2d", "conv2dBackwardInput", "conv2dBackwardFilter", "maxPool", "maxPoolBackward", "avgPool", "avgPoolBackward",
] as const satisfies readonly (keyof Backend)[];

/**
 * The name of one primitive kernel.
 *
 * @example
 * const k: PrimitiveKernel = "maxPoolBackward";
 */
export type PrimitiveKernel = (typeof PRIMITIVE_KERNELS)[number];

/**
 * What a backend author writes: the primitive kernels and the describing properties of a Backend.
 *
 * @example
 * const backend: Backend = composeBackend(myPrimitives satisfies PrimitiveBackend);
 */
export type PrimitiveBackend = Pick<Backend, PrimitiveKernel | "name" | "dtype" | "label" | "readSync">;

/**
 * The primitive kernels of a backend alone, bound to it: `composeBackend(primitivesOf(b))` runs b
 * with every composite in place of b's own fused kernels, to test the composites on b or to
 * measure whether an override of b's is worth keeping.
 *
 * @example
 * const composed = composeBackend(primitivesOf(new JsBackend())); // JS primitives, every other kernel composite
 */
export function primitivesOf(backend: Backend): PrimitiveBackend {
  const bound = <K extends PrimitiveKernel>(k: K): Backend[K] => backend[k].bind(backend) as Backend[K];
  return {
    name: backend.name,
    dtype: backend.dtype,
    label: backend.label,
    readSync: backend.readSync?.bind(backend),
    alloc: bound("alloc"), write: bound("write"), read: bound("read"), free: bound("free"), memory: bound("memory"),
    dispose: bound("dispose"), fill: bound("fill"), copy: bound("copy"), matmul: bound("matmul"), binary: bound("binary"),
    binaryScalar: bound("binaryScalar"), unary: bound("unary"), reduce: bound("reduce"), argmax: bound("argmax"),
    conv2d: bound("conv2d"), conv2dBackwardInput: bound("conv2dBackwardInput"), conv2dBackwardFilter: bound("conv2dBackwardFilter"),
    maxPool: bound("maxPool"), maxPoolBackward: bound("maxPoolBackward"), avgPool: bound("avgPool"), avgPoolBackward: bound("avgPoolBackward"),
  };
}
