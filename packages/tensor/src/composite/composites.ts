import type { Backend } from "../backend.js";
import { activation, activationBackward } from "./activation.js";
import { batchNormBackward, batchNormInfer, batchNormTrain } from "./batch-norm.js";
import { meanSquaredError } from "./mean-squared-error.js";
import { adamUpdate, rmspropUpdate, sgdUpdate } from "./optimizers.js";
import type { PrimitiveBackend, PrimitiveKernel } from "./primitives.js";
import { sigmoidCrossEntropy } from "./sigmoid-cross-entropy.js";
import { softmaxCrossEntropy } from "./softmax-cross-entropy.js";
import { logSoftmax, softmax } from "./softmax.js";
import { fractionOutside, fractionZeros, sumSquares } from "./statistics.js";

/**
 * The name of a kernel that has a composite default: every method of Backend that is not a
 * primitive (nor the optional readSync).
 *
 * @example
 * const k: CompositeKernel = "batchNormBackward";
 */
export type CompositeKernel = Exclude<keyof Backend, PrimitiveKernel | "name" | "dtype" | "label" | "readSync">;

/** A composite: the kernel's own arguments, after the primitives it runs on. */
type Composite<K extends CompositeKernel> = (p: PrimitiveBackend, ...args: Parameters<Backend[K]>) => void;

// A mapped type over CompositeKernel: a kernel added to Backend without a composite (or made a
// primitive) fails to compile here.
export const COMPOSITES: { readonly [K in CompositeKernel]: Composite<K> } = {
  activation, activationBackward, softmax, logSoftmax, softmaxCrossEntropy, sigmoidCrossEntropy, meanSquaredError,
  batchNormTrain, batchNormInfer, batchNormBackward, sgdUpdate, adamUpdate, rmspropUpdate, sumSquares, fractionZeros, fractionOutside,
};

/**
 * The kernels {@link composeBackend} fills in with composites when a backend does not implement them.
 *
 * @example
 * COMPOSITE_KERNELS.includes("softmax"); // true: override it only where measured to matter
 */
export const COMPOSITE_KERNELS = Object.keys(COMPOSITES) as readonly CompositeKernel[];
