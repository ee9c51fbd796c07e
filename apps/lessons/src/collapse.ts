import type { Layer } from "@chainrule/layers";

/** y = x·W + b on the host in float64, W [inputs, outputs] row-major. */
export interface AffineMap {
  inputs: number;
  outputs: number;
  weight: Float64Array;
  bias: Float64Array;
}

/** C [m, n] = A [m, k] · B [k, n], row-major, in float64. */
function matmul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p];
      for (let j = 0; j < n; j++) c[i * n + j] += aip * b[p * n + j];
    }
  }
  return c;
}

/**
 * Folds Dense layers applied one after another, with nothing between them, into one affine map:
 *   ((x·W₁ + b₁)·W₂ + b₂)·W₃ + b₃ = x·(W₁·W₂·W₃) + ((b₁·W₂ + b₂)·W₃ + b₃)
 * so W = W₁·W₂·…·Wₙ and the bias is carried through each later weight as it goes. A layer other
 * than Dense (an activation) makes the fold wrong, and is refused.
 *
 * @example
 * const one = await collapseDenseStack(model.layers); applyAffine(one, pixels, 10000);
 */
export async function collapseDenseStack(layers: readonly Layer[]): Promise<AffineMap> {
  let map: AffineMap | null = null;
  for (const layer of layers) {
    const params = layer.parameters();
    const w = params.find((p) => p.name.endsWith(".weight"));
    if (layer.config?.().type !== "Dense" || !w) {
      throw new Error(`collapseDenseStack: '${layer.name}' is not a built Dense layer; only a purely linear stack collapses into one matrix`);
    }
    const [inputs, outputs] = w.shape;
    const weight = Float64Array.from(await w.value.data());
    const b = params.find((p) => p.name.endsWith(".bias"));
    const bias = b ? Float64Array.from(await b.value.data()) : new Float64Array(outputs);
    if (map === null) {
      map = { inputs, outputs, weight, bias };
      continue;
    }
    const carried = matmul(map.bias, weight, 1, inputs, outputs);
    map = { inputs: map.inputs, outputs, weight: matmul(map.weight, weight, map.inputs, inputs, outputs), bias: carried.map((v, j) => v + bias[j]) };
  }
  if (map === null) throw new Error("collapseDenseStack: no layers");
  return map;
}

/**
 * x·W + b for `rows` samples of `map.inputs` values each, in float64.
 *
 * @example
 * const logits = applyAffine(map, pixels, 256); // 256 × map.outputs values
 */
export function applyAffine(map: AffineMap, x: ArrayLike<number>, rows: number): Float64Array {
  const y = matmul(x, map.weight, rows, map.inputs, map.outputs);
  for (let i = 0; i < rows; i++) for (let j = 0; j < map.outputs; j++) y[i * map.outputs + j] += map.bias[j];
  return y;
}
