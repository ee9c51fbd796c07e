/** Shapes and options of one reference matmul, as in the Backend's MatmulParams. */
export interface MatmulCase {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
}

/**
 * out[i, j] = Σ_q A[i, q]·B[q, j] + bias[j] + prior[i, j], with A = a (stored [m, k]) or aᵀ (stored
 * [k, m]) and B = b ([k, n]) or bᵀ ([n, k]). Straight from the definition, in float64.
 */
export function matmulReference(
  a: Float64Array, b: Float64Array, c: MatmulCase, bias: Float64Array | null, prior: Float64Array | null,
): Float64Array {
  const { m, n, k, transA, transB } = c;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += (transA ? a[q * m + i] : a[i * k + q]) * (transB ? b[j * k + q] : b[q * n + j]);
      out[i * n + j] = s + (bias ? bias[j] : 0) + (prior ? prior[i * n + j] : 0);
    }
  }
  return out;
}
