/**
 * Layers with hand-written forward and backward passes, `Sequential`, initializers, `gradcheck`, and
 * save / load as safetensors bytes (browser-safe; files in `@chainrule/layers/node`).
 *
 * @module @chainrule/layers
 */
export { layerTensors, type BackwardOptions, type BuildOptions, type Layer, type LayerConfig, type LayerPlan, type NamedTensor } from "./layer.js";
export { BaseLayer, snakeCase, type LayerOptions } from "./base-layer.js";
export { BufferCache } from "./buffer-cache.js";
export {
  constant, fans, glorotNormal, glorotUniform, heNormal, heUniform, initialize, lecunNormal,
  type Initializer, type InitializerName, type InitializerSpec,
} from "./initializers.js";
export { Dense, type DenseOptions } from "./dense.js";
export { ActivationLayer } from "./activation.js";
export { ReLU } from "./relu.js";
export { LeakyReLU, type LeakyReLUOptions } from "./leaky-relu.js";
export { Sigmoid } from "./sigmoid.js";
export { Tanh } from "./tanh.js";
export { Softmax } from "./softmax.js";
export { Reshape, type ReshapeOptions } from "./reshape.js";
export { Flatten } from "./flatten.js";
export { layerType, Sequential, type SequentialOptions } from "./sequential.js";
export { moveLayerState } from "./move-layer.js";
export { predict } from "./predict.js";
export { checkRowsFinite, NonFiniteInputError } from "./non-finite-input.js";
export { summarize, type ModelSummary, type SummaryRow } from "./summary.js";
export { assertGradcheck, gradcheck, type GradcheckOptions, type GradcheckResult, type GradcheckTarget } from "./gradcheck.js";
export { Conv2D, type Conv2DOptions } from "./conv2d.js";
export { Pool2DLayer, type Pool2DOptions } from "./pool2d.js";
export { MaxPool2D } from "./max-pool2d.js";
export { AvgPool2D } from "./avg-pool2d.js";
export { BatchNorm, type BatchNormOptions } from "./batch-norm.js";
export { Dropout, type DropoutOptions } from "./dropout.js";
export { layerFromConfig, registerLayer, type LayerFactory } from "./registry.js";
export { ModelFileError } from "./model-file-error.js";
export { decodeSafetensors, encodeSafetensors, type SafetensorsFile, type SafetensorsTensor } from "./safetensors.js";
export { deserializeModel, loadWeights, modelTensors, serializeModel } from "./serialize.js";
