// Every kernel the host calls, one module per kernel family.
export { gemmWorkBytes } from "./gemm";
export { matmul } from "./matmul";
export { activation, activationBackward, binary, binaryRow, unary } from "./elementwise";
export { argmax, reduce } from "./reduce";
export { meanSquaredError, sigmoidCrossEntropy, softmax, softmaxCrossEntropy } from "./softmax";
export { conv2d, conv2dBackwardFilter, conv2dBackwardInput, conv2dWorkBytes } from "./conv2d";
export { avgPool, avgPoolBackward, maxPool, maxPoolBackward } from "./pool";
export { batchNormBackward, batchNormInfer, batchNormTrain } from "./batchnorm";
export { adamUpdate, rmspropUpdate, sgdUpdate } from "./optimizers";
export { fractionOutside, fractionZeros, sumSquares } from "./stats";

/** First byte past the module's static data: the host's allocator starts here. */
export function heapBase(): usize {
  return __heap_base;
}
