import { backendOf, formatShape, getBackend, getRng, keep, Parameter, ShapeError, shapesEqual, type Rng, type Shape, type Tensor } from "@chainrule/tensor";
import { BufferCache } from "./buffer-cache.js";
import { initialize, type InitializerSpec } from "./initializers.js";
import type { BackwardOptions, Layer, LayerConfig, NamedTensor } from "./layer.js";

/**
 * Options every layer accepts.
 *
 * @example
 * new ReLU({ name: "relu1" } satisfies LayerOptions);
 */
export interface LayerOptions {
  /** Unique name within a model; `Sequential` names unnamed layers `dense_1`, `conv2d_1`, ... */
  name?: string;
}

/**
 * The stem of default layer names: "MaxPool2D" → "max_pool2d", "LeakyReLU" → "leaky_relu".
 *
 * @example
 * snakeCase("BatchNorm"); // "batch_norm"
 */
export function snakeCase(type: string): string {
  return type.replace(/([a-z])([A-Z][a-z])/g, "$1_$2").toLowerCase();
}

/**
 * What all built-in layers share: naming, building once, checking the input shape against the
 * built one (errors name the layer), reusing output and gradient buffers, remembering the last
 * output. A subclass writes the math in `forwardPass` and `backwardPass`.
 *
 * @example
 * class Identity extends BaseLayer {
 *   readonly type = "Identity";
 *   protected setup(s: Shape) { return s; }
 *   protected forwardPass(x: Tensor) { return x; }
 *   protected backwardPass(dy: Tensor) { return dy; }
 *   config() { return { type: this.type, name: this.name }; }
 * }
 */
export abstract class BaseLayer implements Layer {
  /** The registered type, e.g. "Dense"; `summary()` shows it and saved models store it. */
  abstract readonly type: string;
  private assignedName: string | undefined;
  private builtInput: Shape | null = null;
  private builtOutput: Shape | null = null;
  private lastOutput: Tensor | null = null;
  /** The layer's reused outputs, gradients and scratch tensors. */
  protected readonly cache = new BufferCache();

  constructor(opts: LayerOptions = {}) {
    this.assignedName = opts.name;
  }

  get name(): string {
    return this.assignedName ?? snakeCase(this.type);
  }

  /** True once `build` ran. */
  get built(): boolean {
    return this.builtInput !== null;
  }

  /** One sample's input shape (no batch axis), once built. */
  get inputShape(): Shape | null {
    return this.builtInput;
  }

  /** One sample's output shape (no batch axis), once built. */
  get outputShape(): Shape | null {
    return this.builtOutput;
  }

  /** The output of the last forward, or null before one. */
  get output(): Tensor | null {
    return this.lastOutput;
  }

  /** False while the layer has only its type-derived placeholder name (then `Sequential` may name it). */
  get hasName(): boolean {
    return this.built || this.assignedName !== undefined;
  }

  /** Used by `Sequential` to name a layer the user left unnamed; ignored once named or built. */
  setDefaultName(name: string): void {
    if (!this.hasName) this.assignedName = name;
  }

  build(inputShape: Shape): Shape {
    if (this.builtInput) {
      if (!shapesEqual(this.builtInput, inputShape)) {
        throw new ShapeError(this.label, `samples of shape ${formatShape(this.builtInput)} (it is already built)`, inputShape, "use a new layer for another input shape");
      }
      return this.builtOutput as Shape;
    }
    const out = this.setup(inputShape);
    this.builtInput = [...inputShape];
    this.builtOutput = [...out];
    return out;
  }

  forward(x: Tensor, training: boolean): Tensor {
    if (!this.builtInput) this.build(x.shape.slice(1));
    const expected = this.builtInput as Shape;
    if (x.rank !== expected.length + 1 || !shapesEqual(x.shape.slice(1), expected)) {
      throw new ShapeError(this.label, `[batch, ${expected.join(", ")}]`, x.shape, this.inputHint(x.shape.slice(1)));
    }
    // Checked here so the error names the layer; a kernel handed another backend's storage cannot.
    const [param] = this.parameters();
    if (param) backendOf(this.label, x, param.value);
    this.lastOutput = this.forwardPass(x, training);
    return this.lastOutput;
  }

  backward(dy: Tensor): Tensor;
  backward(dy: Tensor, opts: BackwardOptions): Tensor | null;
  backward(dy: Tensor, opts: BackwardOptions = {}): Tensor | null {
    const y = this.lastOutput;
    if (!y) throw new Error(`${this.label}: backward called before forward`);
    if (!shapesEqual(dy.shape, y.shape)) throw new ShapeError(`${this.label} backward`, `dy shaped like the output ${formatShape(y.shape)}`, dy.shape);
    return this.backwardPass(dy, opts.inputGrad ?? true);
  }

  parameters(): Parameter[] {
    return [];
  }

  buffers(): NamedTensor[] {
    return [];
  }

  abstract config(): LayerConfig;

  dispose(): void {
    for (const p of this.parameters()) p.dispose();
    for (const b of this.buffers()) b.tensor.dispose();
    this.cache.dispose();
    this.lastOutput = null;
  }

  /** "Dense 'fc1'": how errors name this layer. */
  protected get label(): string {
    return `${this.type} '${this.name}'`;
  }

  /**
   * A trainable parameter `${name}.${suffix}` on the current backend, filled by `init`. It is kept
   * out of any enclosing `tidy`: a model first run (and so built) inside one must keep its weights.
   */
  protected makeParameter(suffix: string, shape: Shape, init: InitializerSpec, rng: Rng = getRng()): Parameter {
    const p = Parameter.fromValues(`${this.name}.${suffix}`, shape, initialize(init, shape, rng), getBackend());
    keep(p.value);
    keep(p.grad);
    return p;
  }

  /** The hint a shape error gives for a wrong sample shape; layers override it with something specific. */
  protected inputHint(_actual: Shape): string | undefined {
    return undefined;
  }

  /** Checks one sample's input shape, makes parameters, returns one sample's output shape. */
  protected abstract setup(inputShape: Shape): Shape;
  /** y = f(x) for a batch already checked against the built shape. */
  protected abstract forwardPass(x: Tensor, training: boolean): Tensor;
  /**
   * dx from dy (shaped like the last output); overwrites parameter gradients. When `inputGrad` is
   * false a layer may skip dx and return null; one that always returns dx is still correct.
   */
  protected abstract backwardPass(dy: Tensor, inputGrad: boolean): Tensor | null;
}
