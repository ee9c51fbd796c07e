import { AvgPool2D } from "./avg-pool2d.js";
import { BatchNorm, type BatchNormOptions } from "./batch-norm.js";
import { Conv2D, type Conv2DOptions } from "./conv2d.js";
import { Dense, type DenseOptions } from "./dense.js";
import { Dropout, type DropoutOptions } from "./dropout.js";
import { Flatten } from "./flatten.js";
import type { Layer, LayerConfig } from "./layer.js";
import { LeakyReLU, type LeakyReLUOptions } from "./leaky-relu.js";
import { MaxPool2D } from "./max-pool2d.js";
import type { Pool2DOptions } from "./pool2d.js";
import { ReLU } from "./relu.js";
import { Reshape, type ReshapeOptions } from "./reshape.js";
import { Sequential } from "./sequential.js";
import { Sigmoid } from "./sigmoid.js";
import { Softmax } from "./softmax.js";
import { Tanh } from "./tanh.js";

/**
 * Makes a layer from its config (a config holds the constructor options plus `type`).
 *
 * @example
 * const square: LayerFactory = (c) => new Square({ name: c.name }); registerLayer("Square", square);
 */
export type LayerFactory = (config: LayerConfig) => Layer;

// Configs are the constructor options plus `type`, so most factories pass them straight through;
// the constructors validate the values.
const factories = new Map<string, LayerFactory>([
  ["Dense", (c) => new Dense(c as unknown as DenseOptions)],
  ["Conv2D", (c) => new Conv2D(c as unknown as Conv2DOptions)],
  ["MaxPool2D", (c) => new MaxPool2D(c as Pool2DOptions)],
  ["AvgPool2D", (c) => new AvgPool2D(c as Pool2DOptions)],
  ["BatchNorm", (c) => new BatchNorm(c as BatchNormOptions)],
  ["Dropout", (c) => new Dropout(c as unknown as DropoutOptions)],
  ["Flatten", (c) => new Flatten(c)],
  ["Reshape", (c) => new Reshape(c as unknown as ReshapeOptions)],
  ["ReLU", (c) => new ReLU(c)],
  ["LeakyReLU", (c) => new LeakyReLU(c as LeakyReLUOptions)],
  ["Sigmoid", (c) => new Sigmoid(c)],
  ["Tanh", (c) => new Tanh(c)],
  ["Softmax", (c) => new Softmax(c)],
  ["Sequential", (c) => new Sequential((c.layers as LayerConfig[]).map(layerFromConfig), { name: c.name })],
]);

/**
 * Registers a custom layer type so saved models that use it can be loaded.
 *
 * @example
 * registerLayer("Square", (c) => new Square({ name: c.name }));
 */
export function registerLayer(type: string, factory: LayerFactory): void {
  factories.set(type, factory);
}

/**
 * Rebuilds an (unbuilt) layer from its config.
 *
 * @example
 * layerFromConfig({ type: "Dense", name: "fc1", units: 10, useBias: true });
 */
export function layerFromConfig(config: LayerConfig): Layer {
  if (!config || typeof config !== "object" || typeof config.type !== "string" || typeof config.name !== "string") {
    throw new Error(`layer config must be an object with string 'type' and 'name', got ${JSON.stringify(config)}`);
  }
  const factory = factories.get(config.type);
  if (!factory) throw new Error(`unknown layer type '${config.type}' (layer '${config.name}'); register it with registerLayer`);
  if (config.type === "Sequential" && !Array.isArray(config.layers)) throw new Error(`Sequential config '${config.name}' has no layers array`);
  return factory(config);
}
