/**
 * Loss functions with their gradients, each one fused backend kernel: mean squared error, softmax
 * cross-entropy and binary cross-entropy from logits.
 *
 * @module @chainrule/losses
 */
export { BinaryCrossEntropy } from "./binary-cross-entropy.js";
export { FusedLoss } from "./fused-loss.js";
export type { Loss } from "./loss.js";
export { MeanSquaredError } from "./mean-squared-error.js";
export { SoftmaxCrossEntropy, type SoftmaxCrossEntropyOptions } from "./softmax-cross-entropy.js";
export { TargetError } from "./target-error.js";
