import { sizeOf, type Rng, type Shape } from "@chainrule/tensor";

/**
 * Draws a parameter's initial values. Fans follow PyTorch for our layouts: a Dense weight [in, out]
 * has fanIn = in, fanOut = out; an HWIO filter [kH, kW, in, out] has fanIn = kH·kW·in and
 * fanOut = kH·kW·out; a vector has fanIn = fanOut = its length.
 *
 * @example
 * const init: Initializer = { name: "half", values: (shape) => new Float64Array(sizeOf(shape)).fill(0.5) };
 */
export interface Initializer {
  readonly name: string;
  values(shape: Shape, rng: Rng): Float64Array;
}

/**
 * The built-in initializers by name ("zeros" is the default for biases).
 *
 * @example
 * new Dense({ units: 10, kernelInitializer: "glorotUniform" satisfies InitializerName });
 */
export type InitializerName = "heNormal" | "heUniform" | "glorotNormal" | "glorotUniform" | "lecunNormal" | "zeros" | "ones";

/**
 * An initializer or the name of a built-in one.
 *
 * @example
 * const specs: InitializerSpec[] = ["heNormal", constant(0.1)];
 */
export type InitializerSpec = Initializer | InitializerName;

/**
 * fanIn and fanOut of a parameter shape (see {@link Initializer}).
 *
 * @example
 * fans([5, 5, 1, 8]); // { fanIn: 25, fanOut: 200 }
 */
export function fans(shape: Shape): { fanIn: number; fanOut: number } {
  if (shape.length < 2) return { fanIn: shape[0] ?? 1, fanOut: shape[0] ?? 1 };
  const receptive = sizeOf(shape.slice(0, -2));
  return { fanIn: receptive * shape[shape.length - 2], fanOut: receptive * shape[shape.length - 1] };
}

type Fans = ReturnType<typeof fans>;

/** An initializer drawing each value independently as draw(rng, scale), with scale a function of the fans. */
function sampler(name: string, scale: (f: Fans) => number, draw: (rng: Rng, s: number) => number): Initializer {
  return {
    name,
    values(shape, rng) {
      const s = scale(fans(shape));
      const out = new Float64Array(sizeOf(shape));
      for (let i = 0; i < out.length; i++) out[i] = draw(rng, s);
      return out;
    },
  };
}

/** N(0, std²). */
const normal = (name: string, std: (f: Fans) => number): Initializer => sampler(name, std, (rng, s) => rng.normal(0, s));
/** U(−limit, limit). */
const uniform = (name: string, limit: (f: Fans) => number): Initializer => sampler(name, limit, (rng, l) => rng.uniform(-l, l));

/**
 * He (Kaiming) normal: N(0, 2/fanIn), keeps the variance of ReLU activations constant with depth.
 *
 * @example
 * new Dense({ units: 128, kernelInitializer: heNormal() });
 */
export function heNormal(): Initializer {
  return normal("heNormal", ({ fanIn }) => Math.sqrt(2 / fanIn));
}

/**
 * He (Kaiming) uniform: U(−√(6/fanIn), √(6/fanIn)), the same variance 2/fanIn as {@link heNormal}.
 *
 * @example
 * new Conv2D({ filters: 8, kernelSize: 3, kernelInitializer: heUniform() });
 */
export function heUniform(): Initializer {
  return uniform("heUniform", ({ fanIn }) => Math.sqrt(6 / fanIn));
}

/**
 * Glorot (Xavier) normal: N(0, 2/(fanIn + fanOut)), for tanh and sigmoid networks.
 *
 * @example
 * new Dense({ units: 10, kernelInitializer: glorotNormal() });
 */
export function glorotNormal(): Initializer {
  return normal("glorotNormal", ({ fanIn, fanOut }) => Math.sqrt(2 / (fanIn + fanOut)));
}

/**
 * Glorot (Xavier) uniform: U(−√(6/(fanIn + fanOut)), √(6/(fanIn + fanOut))).
 *
 * @example
 * new Dense({ units: 10, kernelInitializer: glorotUniform() });
 */
export function glorotUniform(): Initializer {
  return uniform("glorotUniform", ({ fanIn, fanOut }) => Math.sqrt(6 / (fanIn + fanOut)));
}

/**
 * LeCun normal: N(0, 1/fanIn), for SELU-style self-normalising networks.
 *
 * @example
 * new Dense({ units: 64, kernelInitializer: lecunNormal() });
 */
export function lecunNormal(): Initializer {
  return normal("lecunNormal", ({ fanIn }) => Math.sqrt(1 / fanIn));
}

/**
 * Every value equal to `value`.
 *
 * @example
 * new Dense({ units: 10, biasInitializer: constant(0.1) });
 */
export function constant(value: number): Initializer {
  return { name: "constant", values: (shape) => new Float64Array(sizeOf(shape)).fill(value) };
}

const named: Record<InitializerName, () => Initializer> = {
  heNormal, heUniform, glorotNormal, glorotUniform, lecunNormal, zeros: () => constant(0), ones: () => constant(1),
};

/**
 * The values of an initializer (or a built-in one by name) for `shape`, drawn from `rng`.
 *
 * @example
 * initialize("heNormal", [784, 128], new Rng(1)); // Float64Array of 100352 values
 */
export function initialize(spec: InitializerSpec, shape: Shape, rng: Rng): Float64Array {
  const init = typeof spec === "string" ? named[spec]?.() : spec;
  if (!init) throw new RangeError(`unknown initializer '${String(spec)}'; use one of ${Object.keys(named).join(", ")} or an Initializer object`);
  return init.values(shape, rng);
}
