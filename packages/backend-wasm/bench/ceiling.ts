// What this machine allows, measured with the backend's own building blocks, so kernel speeds can
// be read as a fraction of it (compiled by kernels.bench.mjs with and without relaxed SIMD).
import { madd } from "../assembly/madd";
import { kernelPacked } from "../assembly/gemm";

/**
 * f32x4 multiply-add throughput with no memory traffic: 12 independent accumulators (enough to
 * cover the multiply-add latency on every core we know of), 96 flops per iteration.
 */
export function arithmetic(iters: i32): f32 {
  const k = f32x4.splat(0.999), y = f32x4.splat(0.001);
  let a0 = f32x4.splat(1), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
  for (let i = 0; i < iters; i++) {
    a0 = madd(a0, k, y); a1 = madd(a1, k, y); a2 = madd(a2, k, y); a3 = madd(a3, k, y);
    a4 = madd(a4, k, y); a5 = madd(a5, k, y); a6 = madd(a6, k, y); a7 = madd(a7, k, y);
    a8 = madd(a8, k, y); a9 = madd(a9, k, y); a10 = madd(a10, k, y); a11 = madd(a11, k, y);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)));
  return f32x4.extract_lane(f32x4.add(s, f32x4.add(f32x4.add(a8, a9), f32x4.add(a10, a11))), 0);
}

/**
 * The GEMM micro-kernel alone on packed panels that stay in L1 (4 x 256 of A, 256 x 8 of B, then
 * the 4x8 C block): the most the matmul can reach with this register block. 16,384 flops per call.
 */
export function microKernel(calls: i32): void {
  const ap = (__heap_base + 63) & ~63, bp = ap + 4 * 256 * 4, c = bp + 256 * 8 * 4, tile = c + 4 * 8 * 4;
  for (let i = 0; i < calls; i++) kernelPacked(256, ap, bp, c, c + 32, c + 64, c + 96, 4, 8, tile, 0, false);
}
