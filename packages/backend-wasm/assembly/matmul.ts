// out[m, n] = op(a) · op(b) (+ bias) (+ out): the Backend's matmul on top of the packed GEMM.
// Transposes only change the strides the packing reads with, so all four variants share one
// micro-kernel.
import { A_MATRIX, C_MATRIX, gemm } from "./gemm";

/**
 * Columns [n0, n1) of out[m, n] = op(a) · op(b) (+ bias[n]) (+ out). a is [m, k] ([k, m] when
 * transA), b is [k, n] ([n, k] when transB). `work` holds gemmWorkBytes() of scratch.
 */
export function matmul(
  a: usize, b: usize, out: usize, bias: usize, m: i32, n: i32, k: i32,
  transA: bool, transB: bool, accumulate: bool, n0: i32, n1: i32, work: usize,
): void {
  gemm(A_MATRIX, a, transA ? 1 : k, transA ? m : 1, 0, 0, b, transB ? 1 : n, transB ? k : 1, out, n, C_MATRIX, m, k, n0, n1, bias, !accumulate, work);
}
