export { BinaryCrossEntropy } from "./binary-cross-entropy.js";
export { FusedLoss } from "./fused-loss.js";
export type { Loss } from "./loss.js";
export { MeanSquaredError } from "./mean-squared-error.js";
export { SoftmaxCrossEntropy, type SoftmaxCrossEntropyOptions } from "./softmax-cross-entropy.js";
export { TargetError } from "./target-error.js";
