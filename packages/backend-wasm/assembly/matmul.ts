// out[m, n] = op(a) · op(b) (+ bias) (+ out): the Backend's matmul on top of the packed GEMM.
// Transposes only change the strides the packing reads with, so all four variants share one
// micro-kernel.
import { A_MATRIX, C_MATRIX, gemm } from "./gemm";

/**
 * One thread's share of out[m, n] = op(a) · op(b) (+ bias[n]) (+ out): rows [i0, i1), columns
 * [n0, n1), and the terms q ∈ [k0, k1) of each dot product. a is [m, k] ([k, m] when transA), b is
 * [k, n] ([n, k] when transB). The share is written to `c` with row stride n (c = out, or another
 * thread's partial sum, which the host adds into out); `bias` and `accumulate` apply as given.
 * `work` holds gemmWorkBytes() of scratch.
 */
export function matmul(
  a: usize, b: usize, c: usize, bias: usize, m: i32, n: i32, k: i32, transA: bool, transB: bool, accumulate: bool,
  i0: i32, i1: i32, n0: i32, n1: i32, k0: i32, k1: i32, work: usize,
): void {
  const ars = transA ? 1 : k, acs = transA ? m : 1;
  const brs = transB ? 1 : n, bcs = transB ? k : 1;
  gemm(
    A_MATRIX, a + <usize>((i0 * ars + k0 * acs) * 4), ars, acs, 0, 0, b + <usize>(k0 * brs * 4), brs, bcs,
    c + <usize>(i0 * n * 4), n, C_MATRIX, i1 - i0, k1 - k0, n0, n1, bias, !accumulate, work,
  );
}
