// How a matmul is shared among threads. Each thread packs the parts of A and B its share reads
// (see assembly/gemm.ts), so the split decides what is packed twice:
//   by columns of C: every thread packs all of A (m·k values each);
//   by rows of C:    every thread packs all of B (k·n values each);
//   by k:            each packs only its own slices of A and B, but writes an m·n partial sum that
//                    the calling thread then adds into C (a write, two reads and a write per value).
// Measured here (2 cores, fma, 2026-12-06) at [128, 784] · [784, 128], a Dense layer's forward at
// batch 128, where splitting the columns packs A twice: 1.49x one thread inside a training step.

/** Which dimension a matmul is split along. */
export type MatmulSplitAxis = "rows" | "cols" | "k";

/** One thread's share: rows [i0, i1), columns [n0, n1), dot-product terms [k0, k1). */
export interface MatmulShare {
  i0: number;
  i1: number;
  n0: number;
  n1: number;
  k0: number;
  k1: number;
}

/** Values the extra threads move that one thread would not: what each split costs beyond the product. */
function extraTraffic(axis: MatmulSplitAxis, m: number, n: number, k: number): number {
  if (axis === "cols") return m * k;
  if (axis === "rows") return k * n;
  return 4 * m * n;
}

// Shares are cut at multiples of the micro-kernel's 4 rows and 8 columns, and k at multiples of 8.
const GRAIN: Readonly<Record<MatmulSplitAxis, number>> = { rows: 4, cols: 8, k: 8 };

/**
 * Splits an [m, k] · [k, n] product into at most `threads` shares along the axis that packs and
 * moves the fewest extra values; one share when no axis is long enough to give each thread a grain.
 *
 * @example
 * splitMatmul(128, 128, 784, 2); // { axis: "k", shares: [{ i0: 0, i1: 128, n0: 0, n1: 128, k0: 0, k1: 392 }, { …, k0: 392, k1: 784 }] }
 */
export function splitMatmul(m: number, n: number, k: number, threads: number): { axis: MatmulSplitAxis; shares: MatmulShare[] } {
  const length: Record<MatmulSplitAxis, number> = { rows: m, cols: n, k };
  let best: MatmulSplitAxis | null = null;
  for (const axis of ["cols", "rows", "k"] as const) {
    if (length[axis] < 2 * GRAIN[axis]) continue;
    if (best === null || extraTraffic(axis, m, n, k) < extraTraffic(best, m, n, k)) best = axis;
  }
  const whole: MatmulShare = { i0: 0, i1: m, n0: 0, n1: n, k0: 0, k1: k };
  if (best === null || threads < 2) return { axis: "cols", shares: [whole] };
  const len = length[best];
  const per = Math.ceil(len / threads / GRAIN[best]) * GRAIN[best];
  const shares: MatmulShare[] = [];
  for (let start = 0; start < len; start += per) {
    const end = Math.min(len, start + per);
    if (best === "rows") shares.push({ ...whole, i0: start, i1: end });
    else if (best === "cols") shares.push({ ...whole, n0: start, n1: end });
    else shares.push({ ...whole, k0: start, k1: end });
  }
  return { axis: best, shares };
}
