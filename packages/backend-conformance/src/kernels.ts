import type { Backend } from "@chainrule/tensor";

/**
 * Every method of the Backend interface that a backend must implement (readSync is optional).
 *
 * @example
 * const k: KernelName = "conv2dBackwardFilter";
 */
export type KernelName = Exclude<keyof Backend, "name" | "dtype" | "label" | "readSync">;

// A Record over the union makes the compiler reject this list when the interface gains a kernel
// that is not named here, so the completeness test cannot fall behind the interface.
const KERNELS: Record<KernelName, true> = {
  alloc: true, write: true, read: true, free: true, memory: true, fill: true, copy: true, matmul: true,
  binary: true, binaryScalar: true, unary: true, activation: true, activationBackward: true, reduce: true, argmax: true,
  softmax: true, logSoftmax: true, softmaxCrossEntropy: true, sigmoidCrossEntropy: true, meanSquaredError: true,
  conv2d: true, conv2dBackwardInput: true, conv2dBackwardFilter: true, maxPool: true, maxPoolBackward: true,
  avgPool: true, avgPoolBackward: true, batchNormTrain: true, batchNormInfer: true, batchNormBackward: true,
  sgdUpdate: true, adamUpdate: true, rmspropUpdate: true, sumSquares: true, fractionZeros: true, fractionOutside: true,
  dispose: true,
};

/**
 * Names of every kernel of the Backend interface.
 *
 * @example
 * kernelNames.filter((k) => typeof (backend as any)[k] !== "function"); // missing kernels
 */
export const kernelNames = Object.keys(KERNELS) as KernelName[];

/**
 * The kernels `backend` lacks (an empty list when it implements the whole interface). A backend
 * written in JavaScript can skip a method and still load; this finds that before a model does.
 *
 * @example
 * missingKernels(await createWasmBackend()); // []
 */
export function missingKernels(backend: object): KernelName[] {
  return kernelNames.filter((k) => typeof (backend as Record<string, unknown>)[k] !== "function");
}
