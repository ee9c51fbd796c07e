import type { Backend } from "../backend.js";
import { getBackend } from "../engine.js";
import { getRng, type Rng } from "../random.js";
import { ShapeError, sizeOf, type Shape } from "../shape.js";
import { empty, type Tensor } from "../tensor.js";

/**
 * Nested arrays of numbers, as written in source.
 *
 * @example
 * tensor([[1, 2], [3, 4]] satisfies NestedArray); // shape [2, 2]
 */
export type NestedArray = number | readonly NestedArray[];

function inferShape(v: NestedArray): number[] {
  const shape: number[] = [];
  let cur: NestedArray = v;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0];
  }
  return shape;
}

/**
 * A tensor from values: a flat array with a shape, or nested arrays (shape inferred).
 *
 * @example
 * tensor([[1, 2], [3, 4]]);          // shape [2, 2]
 * tensor(new Float32Array(6), [2, 3]);
 */
export function tensor(values: NestedArray | ArrayLike<number>, shape?: Shape, backend: Backend = getBackend()): Tensor {
  const flat: ArrayLike<number> =
    typeof values === "number" ? [values] : Array.isArray(values) ? (values as unknown[]).flat(Infinity as 1) as number[] : (values as ArrayLike<number>);
  const s = shape ?? (typeof values === "number" ? [] : Array.isArray(values) ? inferShape(values as NestedArray) : [flat.length]);
  if (sizeOf(s) !== flat.length) throw new ShapeError("tensor", `${sizeOf(s)} values for shape [${s.join(", ")}]`, [flat.length], "values and shape disagree");
  const t = empty(s, backend);
  backend.write(t.dataId, flat);
  return t;
}

/**
 * A tensor filled with `value`.
 *
 * @example
 * full([2, 3], 0.5);
 */
export function full(shape: Shape, value: number, backend: Backend = getBackend()): Tensor {
  const t = empty(shape, backend);
  if (value !== 0) backend.fill(t.dataId, value, t.size);
  return t;
}

/** A tensor of zeros. @example zeros([10]) */
export function zeros(shape: Shape, backend?: Backend): Tensor {
  return full(shape, 0, backend);
}

/** A tensor of ones. @example ones([10]) */
export function ones(shape: Shape, backend?: Backend): Tensor {
  return full(shape, 1, backend);
}

/**
 * Options of the random constructors.
 *
 * @example
 * randomNormal([3], 0, 1, { rng: new Rng(7), backend: new JsBackend({ dtype: "float64" }) } satisfies RandomOptions);
 */
export interface RandomOptions {
  rng?: Rng;
  backend?: Backend;
}

/**
 * Normal samples from the seeded generator.
 *
 * @example
 * randomNormal([784, 128], 0, Math.sqrt(2 / 784));
 */
export function randomNormal(shape: Shape, mean = 0, std = 1, opts: RandomOptions = {}): Tensor {
  const rng = opts.rng ?? getRng();
  const values = new Float64Array(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = rng.normal(mean, std);
  return tensor(values, shape, opts.backend);
}

/**
 * Uniform samples in [low, high) from the seeded generator.
 *
 * @example
 * randomUniform([10, 10], -1, 1);
 */
export function randomUniform(shape: Shape, low = 0, high = 1, opts: RandomOptions = {}): Tensor {
  const rng = opts.rng ?? getRng();
  const values = new Float64Array(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = rng.uniform(low, high);
  return tensor(values, shape, opts.backend);
}
