/**
 * Tensors, the `Backend` interface every backend implements with its kernel contract (argument
 * checks, buffer roles, the in-place rule, `checkedBackend`), the JS reference backend (float32 or
 * float64), functional ops, the seeded `Rng`, and memory scopes (`tidy`, `dispose`, `memory`).
 *
 * @module @chainrule/tensor
 */
export type {
  Activation, AdamParams, Backend, BackendMemory, BatchNormParams, BatchNormTrainParams, BinaryOp, Conv2dGeometry, DataId,
  MatmulParams, Pool2dGeometry, ReduceOp, RmspropParams, SgdParams, SoftmaxCrossEntropyParams, UnaryOp,
} from "./backend.js";
export { bytesPerElement, makeArray, type DType, type FloatArray } from "./dtype.js";
export { getBackend, keep, memory, setBackend, tidy, withBackend, type BackendMemoryInfo } from "./engine.js";
export { conv2dGeometry, pool2dGeometry, type Padding, type WindowOptions } from "./geometry.js";
export { JsBackend, type JsBackendOptions } from "./js/js-backend.js";
export { broadcastStrides, mergeDims, reducedStrides, type DimLoop } from "./merge-dims.js";
export { Parameter } from "./parameter.js";
export { getRng, mixSeeds, Rng, setSeed } from "./random.js";
export { version } from "./single-copy.js";
export { assertValidShape, broadcastShapes, formatShape, normalizeAxes, ShapeError, shapesEqual, sizeOf, stridesOf, type Shape } from "./shape.js";
export { empty, Tensor } from "./tensor.js";
export { full, ones, randomNormal, randomUniform, tensor, zeros, type NestedArray, type RandomOptions } from "./ops/creation.js";
export {
  abs, add, div, exp, leakyRelu, log, maximum, minimum, mul, neg, pow, reciprocal, relu, sigmoid, sqrt, square, sub, tanh,
} from "./ops/elementwise.js";
export { argmax, max, mean, min, sum, type ReduceOptions } from "./ops/reduce.js";
export { backendOf } from "./ops/check.js";
export { avgPool2d, conv2d, logSoftmax, matmul, maxPool2d, softmax, type MatmulOptions } from "./ops/nn.js";
export * from "./composite/index.js";
export * from "./kernel-contract/index.js";
