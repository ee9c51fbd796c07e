import type { Backend, Parameter, Shape, Tensor } from "@chainrule/tensor";

/**
 * A layer's architecture as plain JSON: its registered type, its name and its constructor options.
 * `layerFromConfig` rebuilds the layer from it (this is what a saved model stores).
 *
 * @example
 * const fc1: LayerConfig = { type: "Dense", name: "fc1", units: 10, useBias: true };
 */
export interface LayerConfig {
  type: string;
  name: string;
  [option: string]: unknown;
}

/**
 * A tensor a layer keeps besides its parameters (BatchNorm's running statistics), with its full name.
 *
 * @example
 * new BatchNorm({ name: "bn1" }).buffers(); // [{ name: "bn1.running_mean", tensor }, ...] once built
 */
export interface NamedTensor {
  name: string;
  tensor: Tensor;
}

/**
 * Options of `build`.
 *
 * @example
 * model.build([784], { initialize: false } satisfies BuildOptions); // zeros, to be overwritten by loadWeights
 */
export interface BuildOptions {
  /**
   * Run the initializers (default true). False leaves parameters and state zero, for a caller
   * about to write every value itself (loading a saved model): no random numbers are drawn.
   */
  initialize?: boolean;
}

/**
 * What `build(inputShape)` makes, worked out without making it: the output sample shape and every
 * tensor (parameters, then state) with its full name and shape.
 *
 * @example
 * new Dense({ units: 10, name: "fc1" }).plan([784]); // { output: [10], tensors: [{ name: "fc1.weight", shape: [784, 10] }, ...] }
 */
export interface LayerPlan {
  output: Shape;
  tensors: { name: string; shape: Shape }[];
}

/**
 * Options of `backward`.
 *
 * @example
 * model.backward(dlogits, { inputGrad: false } satisfies BackwardOptions); // parameter grads only
 */
export interface BackwardOptions {
  /**
   * Compute ∂L/∂x (default true). A training step never uses the first layer's ∂L/∂x, and for
   * Dense and Conv2D it costs as much as the weight gradient, so `fit` passes false.
   */
  inputGrad?: boolean;
  /**
   * Add this batch's parameter gradients to those already there instead of overwriting them
   * (default false), to sum gradients over several batches before one optimizer step; start from
   * `zeroGrad()`. The sum of the mean losses of k equal batches has k times the gradient of their
   * mean: scale the loss gradient by 1/k (or the learning rate) to match one batch k times larger.
   */
  accumulate?: boolean;
}

/**
 * The contract every layer keeps. `forward` caches what `backward` needs; `backward` applies the
 * chain rule: it overwrites the gradients of the layer's parameters (adds into them with
 * `{ accumulate: true }`, which a layer with parameters must honour) and returns ∂L/∂x. Called with
 * `{ inputGrad: false }` it still fills the parameter grads but may skip ∂L/∂x and return null
 * (a layer that ignores the option, returning ∂L/∂x anyway, keeps the contract).
 * Output and gradient tensors belong to the layer and are reused while the batch shape stays the
 * same: a caller must not dispose them (built-in layers mark them with `Tensor.own`, so dispose()
 * throws), and must copy a result it wants to keep past the next call (`.clone()`).
 *
 * @example
 * const layers: Layer[] = [new Dense({ units: 10 }), new ReLU()];
 */
export interface Layer {
  /** Unique within a model; parameter names are `${name}.${param}` (e.g. `fc1.weight`). */
  readonly name: string;
  /** Makes parameters and checks shapes for one sample's shape (no batch axis); returns the output sample shape. */
  build(inputShape: Shape, opts?: BuildOptions): Shape;
  /**
   * The shapes `build(inputShape)` would give, allocating nothing: a loader checks a file against
   * them before trusting its sizes. A layer without it is built to learn them.
   */
  plan?(inputShape: Shape): LayerPlan;
  /** y = f(x) for a batch x of shape [batch, ...inputShape]. */
  forward(x: Tensor, training: boolean): Tensor;
  /** ∂L/∂x from ∂L/∂y; fills each parameter's grad (adds into it with `accumulate`). */
  backward(dy: Tensor, opts?: BackwardOptions & { inputGrad?: true }): Tensor;
  /** Fills each parameter's grad; returns ∂L/∂x, or null when `inputGrad` is false and the layer skipped it. */
  backward(dy: Tensor, opts: BackwardOptions): Tensor | null;
  /** Trainable parameters, in a stable order. */
  parameters(): Parameter[];
  /** Non-trainable state that a saved model must keep (e.g. `bn1.running_mean`), in a stable order. */
  buffers?(): NamedTensor[];
  /** The architecture as JSON, for saving; layers without it cannot be serialized. */
  config?(): LayerConfig;
  /** The output of the last forward (what the gradient-flow monitor inspects), or null before one. */
  readonly output?: Tensor | null;
  /**
   * Moves the layer to `backend` in place: parameters (values and gradients) and state move there
   * (see `moveLayerState`), reused output and gradient buffers are freed and made again by the
   * next forward. Resolves to the layer; run it nowhere but between steps. A layer without it is
   * moved by `Sequential.to` through `moveLayerState`.
   */
  to?(backend: Backend): Promise<this>;
  /** Frees parameters, state and the layer's reused buffers. */
  dispose?(): void;
}

/**
 * Every tensor a layer keeps, by full name: each parameter's value, then its state.
 *
 * @example
 * layerTensors(bn).map((t) => t.name); // ["bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var"]
 */
export function layerTensors(layer: Layer): NamedTensor[] {
  return [...layer.parameters().map((p) => ({ name: p.name, tensor: p.value })), ...(layer.buffers?.() ?? [])];
}
