import {
  backendOf, empty, formatShape, getBackend, getRng, keep, Parameter, ShapeError, shapesEqual, type Backend, type Rng, type Shape, type Tensor,
} from "@chainrule/tensor";
import { BufferCache } from "./buffer-cache.js";
import { initialize, type InitializerSpec } from "./initializers.js";
import type { BackwardOptions, BuildOptions, Layer, LayerConfig, LayerPlan, NamedTensor } from "./layer.js";
import { moveLayerState } from "./move-layer.js";
import { assertTensor } from "./tensor-argument.js";

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

/** A tensor a layer's `setup` declares: made and initialised by `build`, only described by `plan`. */
interface Declared {
  suffix: string;
  shape: Shape;
  init: InitializerSpec;
  rng: Rng | undefined;
  trainable: boolean;
}

/**
 * What all built-in layers share: naming, building once, checking the input shape against the
 * built one (errors name the layer), making the parameters and state that `setup` declares,
 * reusing output and gradient buffers (owned: a caller's dispose() of one is an error), remembering
 * the last output, accumulating gradients. A subclass declares its tensors in `setup` and writes
 * the math in `forwardPass` and `backwardPass`, which always overwrite the gradients.
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
  private readonly params = new Map<string, Parameter>();
  private readonly state = new Map<string, Tensor>();
  /** Collects what `setup` declares while it runs. */
  private declared: Declared[] | null = null;
  /** The layer's reused outputs, gradients and scratch tensors, owned by "layer '<name>'". */
  protected readonly cache = new BufferCache(() => `layer '${this.name}'`);

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

  build(inputShape: Shape, opts: BuildOptions = {}): Shape {
    if (this.builtInput) {
      if (!shapesEqual(this.builtInput, inputShape)) {
        throw new ShapeError(this.label, `samples of shape ${formatShape(this.builtInput)} (it is already built)`, inputShape, "use a new layer for another input shape");
      }
      return this.builtOutput as Shape;
    }
    const { output, declared } = this.declare(inputShape);
    for (const d of declared) this.make(d, opts.initialize ?? true);
    this.builtInput = [...inputShape];
    this.builtOutput = [...output];
    return output;
  }

  plan(inputShape: Shape): LayerPlan {
    const { output, declared } = this.declare(inputShape);
    const ordered = [...declared.filter((d) => d.trainable), ...declared.filter((d) => !d.trainable)];
    return { output, tensors: ordered.map((d) => ({ name: `${this.name}.${d.suffix}`, shape: d.shape })) };
  }

  forward(x: Tensor, training: boolean): Tensor {
    assertTensor(`${this.type}.forward`, x);
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

  backward(dy: Tensor, opts?: BackwardOptions & { inputGrad?: true }): Tensor;
  backward(dy: Tensor, opts: BackwardOptions): Tensor | null;
  backward(dy: Tensor, opts: BackwardOptions = {}): Tensor | null {
    assertTensor(`${this.type}.backward`, dy);
    const y = this.lastOutput;
    if (!y) throw new Error(`${this.label}: backward called before forward`);
    if (!shapesEqual(dy.shape, y.shape)) throw new ShapeError(`${this.label} backward`, `dy shaped like the output ${formatShape(y.shape)}`, dy.shape);
    const inputGrad = opts.inputGrad ?? true;
    if (!opts.accumulate) return this.backwardPass(dy, inputGrad);
    // The kernels overwrite their outputs (no reduction or batch-norm kernel can add into one), so
    // the gradients so far are set aside and added back: g ← g_before + g_batch. Only accumulating
    // pays for it, one copy and one add per parameter.
    const before = [...this.params].map(([suffix, p]) => {
      const saved = this.cache.get(`${suffix} grad before`, p.shape, p.grad.backend);
      p.grad.backend.copy(p.grad.dataId, saved.dataId, p.size);
      return { p, saved };
    });
    const dx = this.backwardPass(dy, inputGrad);
    for (const { p, saved } of before) p.grad.backend.binary("add", p.grad.dataId, p.shape, saved.dataId, p.shape, p.grad.dataId, p.shape);
    return dx;
  }

  parameters(): Parameter[] {
    return [...this.params.values()];
  }

  buffers(): NamedTensor[] {
    return [...this.state].map(([suffix, tensor]) => ({ name: `${this.name}.${suffix}`, tensor }));
  }

  abstract config(): LayerConfig;

  /**
   * Moves parameters, gradients and state to `backend` in place and frees the reused buffers
   * (outputs, gradients, scratch), which the next forward makes there; until then there is no
   * output to read and no backward to run.
   *
   * @example
   * await dense.to(wasm); // dense.parameters()[0].value.backend === wasm
   */
  async to(backend: Backend): Promise<this> {
    this.cache.dispose();
    this.lastOutput = null;
    await moveLayerState(this, backend);
    return this;
  }

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

  /** Declares, from `setup`, a trainable parameter `${name}.${suffix}` that `build` fills by `init`. */
  protected declareParameter(suffix: string, shape: Shape, init: InitializerSpec, rng?: Rng): void {
    this.declaring().push({ suffix, shape, init, rng, trainable: true });
  }

  /** Declares, from `setup`, saved non-trainable state `${name}.${suffix}` (running statistics). */
  protected declareState(suffix: string, shape: Shape, init: InitializerSpec): void {
    this.declaring().push({ suffix, shape, init, rng: undefined, trainable: false });
  }

  /** The parameter declared as `suffix`, once built. */
  protected parameter(suffix: string): Parameter | undefined {
    return this.params.get(suffix);
  }

  /** The state declared as `suffix`, once built. */
  protected stateTensor(suffix: string): Tensor | undefined {
    return this.state.get(suffix);
  }

  /** The hint a shape error gives for a wrong sample shape; layers override it with something specific. */
  protected inputHint(_actual: Shape): string | undefined {
    return undefined;
  }

  /**
   * Checks one sample's input shape, declares the parameters and state that shape needs, returns
   * one sample's output shape. It must allocate nothing: `plan` runs it to learn shapes only.
   */
  protected abstract setup(inputShape: Shape): Shape;
  /** y = f(x) for a batch already checked against the built shape. */
  protected abstract forwardPass(x: Tensor, training: boolean): Tensor;
  /**
   * dx from dy (shaped like the last output); overwrites parameter gradients. When `inputGrad` is
   * false a layer may skip dx and return null; one that always returns dx is still correct.
   */
  protected abstract backwardPass(dy: Tensor, inputGrad: boolean): Tensor | null;

  private declaring(): Declared[] {
    if (!this.declared) throw new Error(`${this.label}: parameters and state are declared in setup(), not later`);
    return this.declared;
  }

  /** Runs `setup`, collecting what it declares. */
  private declare(inputShape: Shape): { output: Shape; declared: Declared[] } {
    const declared: Declared[] = [];
    this.declared = declared;
    try {
      return { output: this.setup(inputShape), declared };
    } finally {
      this.declared = null;
    }
  }

  /**
   * Makes a declared tensor on the current backend, zero or filled by its initializer. It is kept
   * out of any enclosing `tidy`: a model first run (and so built) inside one must keep its weights.
   */
  private make(d: Declared, init: boolean): void {
    const backend = getBackend();
    const values = init ? initialize(d.init, d.shape, d.rng ?? getRng()) : undefined;
    if (d.trainable) {
      const p = Parameter.fromValues(`${this.name}.${d.suffix}`, d.shape, values, backend);
      keep(p.value);
      keep(p.grad);
      this.params.set(d.suffix, p);
    } else {
      const t = keep(empty(d.shape, backend));
      if (values) backend.write(t.dataId, values);
      this.state.set(d.suffix, t);
    }
  }
}
