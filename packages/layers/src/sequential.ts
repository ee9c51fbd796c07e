import { formatShape, ShapeError, shapesEqual, type Backend, type Parameter, type Shape, type Tensor } from "@chainrule/tensor";
import { BaseLayer, snakeCase } from "./base-layer.js";
import { layerTensors, type BackwardOptions, type BuildOptions, type Layer, type LayerConfig, type LayerPlan, type NamedTensor } from "./layer.js";
import { moveLayerState } from "./move-layer.js";
import { predict } from "./predict.js";
import { summarize, type ModelSummary } from "./summary.js";
import { assertTensor } from "./tensor-argument.js";

/**
 * Options of {@link Sequential}.
 *
 * @example
 * new Sequential([new Dense({ units: 10 })], { inputShape: [784], name: "logreg" } satisfies SequentialOptions);
 */
export interface SequentialOptions {
  /** One sample's input shape (no batch axis); when given, the model is built at once. */
  inputShape?: Shape;
  /** The model's name (default "sequential"). */
  name?: string;
}

/**
 * A layer's type for the summary and saved files: its `type`, its config's type, or its class name.
 *
 * @example
 * layerType(new Conv2D({ filters: 8, kernelSize: 5 })); // "Conv2D"
 */
export function layerType(layer: Layer): string {
  return (layer as Partial<BaseLayer>).type ?? layer.config?.().type ?? layer.constructor.name;
}

/**
 * A stack of layers, each feeding the next. Forward runs them in order, backward in reverse
 * order, handing each layer the gradient of the one after it: the chain rule, one layer at a time.
 *
 * @example
 * const model = new Sequential([
 *   new Conv2D({ filters: 8, kernelSize: 5, name: "conv1" }), new ReLU(), new MaxPool2D(),
 *   new Flatten(), new Dense({ units: 10, name: "fc1" }),
 * ], { inputShape: [28, 28, 1] });
 * const logits = model.forward(x, true); // owned by the last layer, overwritten by the next forward
 * model.backward(dlogits); // fills every parameter's grad, returns ∂L/∂x
 * model.backward(dlogits, { inputGrad: false }); // the same grads, faster; returns null
 * const probs = model.predict(x); // inference mode, a tensor the caller owns (and disposes)
 * model.summary({ print: true });
 */
export class Sequential implements Layer {
  readonly name: string;
  readonly layers: readonly Layer[];
  private shapes: { input: Shape; outputs: Shape[] } | null = null;

  constructor(layers: readonly Layer[], opts: SequentialOptions = {}) {
    this.name = opts.name ?? "sequential";
    this.layers = [...layers];
    assignNames(this.layers);
    if (opts.inputShape) this.build(opts.inputShape);
  }

  /** True once `build` ran. */
  get built(): boolean {
    return this.shapes !== null;
  }

  /** One sample's input shape, once built. */
  get inputShape(): Shape | null {
    return this.shapes?.input ?? null;
  }

  /** One sample's output shape (no batch axis), once built. */
  get outputShape(): Shape | null {
    return this.shapes ? this.shapes.outputs[this.shapes.outputs.length - 1] ?? this.shapes.input : null;
  }

  /** The output of the last forward, or null before one. */
  get output(): Tensor | null {
    return this.layers.length ? this.layers[this.layers.length - 1].output ?? null : null;
  }

  /** Builds every layer in order for one sample's `inputShape`; returns the output sample shape. */
  build(inputShape: Shape, opts: BuildOptions = {}): Shape {
    if (this.shapes) {
      if (!shapesEqual(this.shapes.input, inputShape)) {
        throw new ShapeError(`Sequential '${this.name}'`, `samples of shape ${formatShape(this.shapes.input)} (it is already built)`, inputShape);
      }
      return this.outputShape as Shape;
    }
    const outputs: Shape[] = [];
    let shape = inputShape;
    for (const layer of this.layers) {
      shape = layer.build(shape, opts);
      outputs.push([...shape]);
    }
    this.shapes = { input: [...inputShape], outputs };
    return shape;
  }

  /**
   * Every layer's plan chained from `inputShape`, allocating nothing (a layer without `plan` is
   * built instead); `outputs` holds each layer's output sample shape, in order.
   */
  plan(inputShape: Shape): LayerPlan & { outputs: Shape[] } {
    const outputs: Shape[] = [];
    const tensors: LayerPlan["tensors"] = [];
    let shape = inputShape;
    for (const layer of this.layers) {
      const p = layer.plan?.(shape) ?? builtPlan(layer, shape);
      tensors.push(...p.tensors);
      outputs.push(p.output);
      shape = p.output;
    }
    return { output: shape, tensors, outputs };
  }

  /**
   * Runs the layers in order; `training` switches Dropout and BatchNorm to their training behaviour.
   * The result belongs to the last layer, which overwrites it on the next call: read it, or keep a
   * copy with `.clone()` (or use {@link predict}); disposing it is an error.
   */
  forward(x: Tensor, training = false): Tensor {
    assertTensor("Sequential.forward", x);
    if (!this.shapes) this.build(x.shape.slice(1));
    let h = x;
    for (const layer of this.layers) h = layer.forward(h, training);
    return h;
  }

  /**
   * The output for `x` in inference mode, copied into a tensor the caller owns (and disposes); an
   * output that is not finite because an input row is not throws a NonFiniteInputError naming it.
   *
   * @example
   * const logits = model.predict(x); const top = argmax(logits, 1); logits.dispose();
   */
  predict(x: Tensor): Tensor {
    assertTensor("Sequential.predict", x);
    return predict(this, x);
  }

  /**
   * Runs each layer's backward in reverse order; fills every parameter's grad (adds into it with
   * `accumulate`) and returns ∂L/∂x.
   */
  backward(dy: Tensor, opts?: BackwardOptions & { inputGrad?: true }): Tensor;
  /**
   * With `inputGrad: false`, fills the same parameter grads and returns null: the chain stops at the
   * first layer that has parameters (asked for no input gradient), and the parameterless layers
   * before it (Reshape, Flatten, an activation) do not run backward at all.
   */
  backward(dy: Tensor, opts: BackwardOptions): Tensor | null;
  backward(dy: Tensor, opts: BackwardOptions = {}): Tensor | null {
    assertTensor("Sequential.backward", dy);
    const first = opts.inputGrad === false ? this.layers.findIndex((l) => l.parameters().length > 0) : 0;
    if (first < 0) return null;
    const inner = opts.accumulate ? { accumulate: true } : {};
    let g = dy;
    for (let i = this.layers.length - 1; i > first; i--) g = this.layers[i].backward(g, inner);
    return this.layers.length ? this.layers[first].backward(g, opts) : g;
  }

  /**
   * Sets every parameter's gradient to zero: the start of a sum over batches with
   * `backward(dy, { accumulate: true })` (a plain backward overwrites the gradients anyway).
   *
   * @example
   * model.zeroGrad(); for (const half of halves) { ...; model.backward(dy, { accumulate: true }); } opt.step();
   */
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /**
   * Moves the model to `backend` in place, every layer at once: parameters with their gradients and
   * state (BatchNorm's running statistics) move there, and the old storage is freed; the layers'
   * reused buffers are freed and made again by the next forward. The Parameter objects stay the
   * same, so an optimizer keeps them: move its state with `optimizer.to(backend)`. Feed the model
   * tensors on `backend` afterwards (`await x.to(backend)`, or make them there). Await it between
   * steps, never during one.
   *
   * @example
   * await model.to(wasm); await optimizer.to(wasm); setBackend(wasm);
   */
  async to(backend: Backend): Promise<this> {
    await Promise.all(this.layers.map((l) => (l.to ? l.to(backend) : moveLayerState(l, backend))));
    return this;
  }

  /** Every layer's trainable parameters, in layer order. */
  parameters(): Parameter[] {
    return this.layers.flatMap((l) => l.parameters());
  }

  /** Every layer's non-trainable state (BatchNorm running statistics), in layer order. */
  buffers(): NamedTensor[] {
    return this.layers.flatMap((l) => l.buffers?.() ?? []);
  }

  /** The architecture: each layer's config, in order. */
  config(): LayerConfig {
    return {
      type: "Sequential",
      name: this.name,
      layers: this.layers.map((l) => {
        if (!l.config) throw new Error(`Sequential '${this.name}': layer '${l.name}' (${layerType(l)}) has no config() and cannot be serialized`);
        return l.config();
      }),
    };
  }

  /**
   * A table of layer name, type, output shape and parameter count, with the total; the counts match
   * PyTorch's `sum(p.numel() for p in model.parameters())` for the same architecture.
   */
  summary(opts: { print?: boolean | ((text: string) => void) } = {}): ModelSummary {
    if (!this.shapes) throw new Error(`Sequential '${this.name}': build the model (give inputShape) before summary()`);
    const s = summarize(this.layers.map((l, i) => ({
      name: l.name, type: layerType(l), outputShape: this.shapes?.outputs[i] ?? [], params: l.parameters().reduce((n, p) => n + p.size, 0),
    })));
    if (opts.print) (typeof opts.print === "function" ? opts.print : console.log)(s.text);
    return s;
  }

  /** Frees every layer's parameters, state and buffers. */
  dispose(): void {
    for (const l of this.layers) l.dispose?.();
  }
}

/** The plan of a layer that cannot plan, read off the layer once built. */
function builtPlan(layer: Layer, inputShape: Shape): LayerPlan {
  const output = layer.build(inputShape);
  return { output, tensors: layerTensors(layer).map((t) => ({ name: t.name, shape: t.tensor.shape })) };
}

/** Names unnamed built-in layers `${type}_${k}` (k counting per type from 1); rejects duplicate names. */
function assignNames(layers: readonly Layer[]): void {
  const unnamed = (l: Layer): l is BaseLayer => l instanceof BaseLayer && !l.hasName;
  const taken = new Set(layers.filter((l) => !unnamed(l)).map((l) => l.name));
  const counters = new Map<string, number>();
  for (const l of layers) {
    if (!unnamed(l)) continue;
    const stem = snakeCase(l.type);
    let k = counters.get(stem) ?? 0;
    do k++;
    while (taken.has(`${stem}_${k}`));
    counters.set(stem, k);
    taken.add(`${stem}_${k}`);
    l.setDefaultName(`${stem}_${k}`);
  }
  const seen = new Set<string>();
  for (const l of layers) {
    if (seen.has(l.name)) throw new Error(`Sequential: two layers are named '${l.name}'; layer names must be unique within a model`);
    seen.add(l.name);
  }
}
