import { JsBackend, Rng, tensor, withBackend, type Backend, type Tensor } from "@chainrule/tensor";
import type { Layer } from "./layer.js";

/** The float64 backend every gradient check runs on, made on first use. */
let float64: JsBackend | null = null;

/**
 * What gradcheck differentiates: a layer or Sequential, or a factory that makes one (built in float64 by gradcheck).
 *
 * @example
 * gradcheck((() => new Dense({ units: 3 })) satisfies GradcheckTarget, x);
 */
export type GradcheckTarget = Layer | (() => Layer);

/**
 * Options of {@link gradcheck}.
 *
 * @example
 * gradcheck(() => new Dropout({ rate: 0.5, rng }), x, { samples: 20, beforeForward: () => rng.seed(1) } satisfies GradcheckOptions);
 */
export interface GradcheckOptions {
  /** The `training` flag passed to forward (default true: BatchNorm uses batch statistics). */
  training?: boolean;
  /** Finite-difference step h (default 1e-5). */
  eps?: number;
  /** Seed of the random weights r of the objective Σ y·r (default 1). */
  seed?: number;
  /** Check at most this many elements of each tensor, chosen at random (default all). */
  samples?: number;
  /** Gradients smaller than this are compared absolutely, not relatively (default 1e-3). */
  floor?: number;
  /** Called before every forward; reseed a Dropout's generator here to keep its mask fixed. */
  beforeForward?: () => void;
}

/**
 * Largest relative error between analytic and numeric gradients, per tensor.
 *
 * @example
 * const { maxError, worst }: GradcheckResult = gradcheck(() => new Dense({ units: 3 }), x);
 */
export interface GradcheckResult {
  /** Error of ∂L/∂x. */
  input: number;
  /** Error of each parameter's gradient, by parameter name. */
  parameters: Record<string, number>;
  /** The largest of all errors, and which tensor had it ("input" or a parameter name). */
  maxError: number;
  worst: string;
}

/**
 * Checks a layer's hand-written backward against central finite differences, in float64.
 *
 * The scalar objective is L = Σ y·r for a fixed random r, so ∂L/∂y = r and every output element
 * matters. For each element v of the input and of every parameter, the numeric gradient is
 * (L(v + h) − L(v − h)) / 2h (error O(h²)); it is compared with what backward(r) produced as
 * |analytic − numeric| / max(|analytic|, |numeric|, floor).
 *
 * A factory target is built and run on a float64 `JsBackend` and disposed afterwards; a layer
 * target must be unbuilt (gradcheck builds it in float64) or already built in float64.
 *
 * @example
 * const r = gradcheck(() => new Dense({ units: 3 }), randomNormal([2, 4]));
 * assertGradcheck(r); // throws if any error exceeds 1e-6
 */
export function gradcheck(target: GradcheckTarget, input: Tensor, opts: GradcheckOptions = {}): GradcheckResult {
  const { training = true, eps = 1e-5, seed = 1, floor = 1e-3, beforeForward } = opts;
  // h = 0 gives 0/0, and a floor of 0 gives 0/0 wherever both gradients vanish: NaN errors, not a verdict.
  for (const [option, value] of [["eps", eps], ["floor", floor]] as const) {
    if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`gradcheck: ${option} must be a finite number > 0, got ${value}`);
  }
  if (opts.samples !== undefined && !(Number.isInteger(opts.samples) && opts.samples > 0)) {
    throw new RangeError(`gradcheck: samples must be a positive integer, got ${opts.samples}`);
  }
  float64 ??= new JsBackend({ dtype: "float64" });
  const backend = float64;
  const owned = typeof target === "function";
  const layer = withBackend(backend, () => {
    const l = typeof target === "function" ? target() : target;
    l.build(input.shape.slice(1));
    return l;
  });
  for (const p of layer.parameters()) {
    if (p.value.dtype !== "float64") {
      throw new Error(`gradcheck: parameter '${p.name}' is ${p.value.dtype}; pass a factory (() => new Layer(...)) so gradcheck builds the layer in float64`);
    }
  }
  const x = tensor(input.dataSync(), input.shape, backend);
  const rng = new Rng(seed);
  try {
    beforeForward?.();
    const y = layer.forward(x, training);
    const r = Float64Array.from({ length: y.size }, () => rng.normal());
    const dy = tensor(r, y.shape, y.backend);
    const dx = layer.backward(dy).dataSync();
    dy.dispose();
    const objective = (): number => {
      beforeForward?.();
      const out = layer.forward(x, training).dataSync();
      let sum = 0;
      for (let i = 0; i < out.length; i++) sum += out[i] * r[i];
      return sum;
    };
    const analytic = [{ name: "input", value: x, grad: dx }, ...layer.parameters().map((p) => ({ name: p.name, value: p.value, grad: p.grad.dataSync() }))];

    const errors: Record<string, number> = {};
    for (const { name, value, grad } of analytic) {
      errors[name] = maxRelativeError(value, grad, objective, { eps, floor, rng, samples: opts.samples });
    }
    const { input: inputError, ...parameters } = errors;
    const worst = Object.keys(errors).reduce((a, b) => (errors[b] > errors[a] ? b : a));
    return { input: inputError, parameters, maxError: errors[worst], worst };
  } finally {
    x.dispose();
    if (owned) layer.dispose?.();
  }
}

/** Perturbs elements of `value` one at a time (in place, restored after) and compares (L+ − L−)/2h with `grad`. */
function maxRelativeError(
  value: Tensor, grad: ArrayLike<number>, objective: () => number,
  o: { eps: number; floor: number; rng: Rng; samples?: number },
): number {
  const b: Backend = value.backend;
  const values = value.dataSync();
  const indices = o.samples !== undefined && o.samples < values.length ? o.rng.permutation(values.length).subarray(0, o.samples) : values.keys();
  let worst = 0;
  for (const i of indices) {
    const v = values[i];
    b.write(value.dataId, [v + o.eps], i);
    const plus = objective();
    b.write(value.dataId, [v - o.eps], i);
    const minus = objective();
    b.write(value.dataId, [v], i);
    const numeric = (plus - minus) / (2 * o.eps);
    const err = Math.abs(grad[i] - numeric) / Math.max(Math.abs(grad[i]), Math.abs(numeric), o.floor);
    worst = Math.max(worst, err);
  }
  return worst;
}

/**
 * Throws, naming each tensor and its error, when a gradcheck error exceeds `tolerance`.
 *
 * @example
 * assertGradcheck(gradcheck(() => new Conv2D({ filters: 2, kernelSize: 3 }), x), 1e-6);
 */
export function assertGradcheck(result: GradcheckResult, tolerance = 1e-6): void {
  const all: Record<string, number> = { input: result.input, ...result.parameters };
  const bad = Object.entries(all).filter(([, e]) => !(e <= tolerance));
  if (bad.length) {
    throw new Error(`gradcheck: gradient mismatch above ${tolerance.toExponential()}: ${bad.map(([n, e]) => `${n} ${e.toExponential(2)}`).join(", ")}`);
  }
}
