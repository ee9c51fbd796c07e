// What this machine allows, measured with the backend's own building blocks, so kernel speeds can
// be read as a fraction of it (compiled by kernels.bench.mjs with and without relaxed SIMD).
import { madd } from "../assembly/madd";
import { kernelPacked } from "../assembly/gemm";

/**
 * f32x4 multiply-add throughput with no memory traffic beyond L1: 12 accumulators, each updated
 * acc = madd(x, y, acc) with y loaded afresh, so an update waits on its own accumulator through the
 * add only (the multiply's inputs never depend on earlier results) and the 12 chains cover the
 * add's (or the fused op's) latency on every core we know of. A chain through both multiply and add
 * (acc = madd(acc, k, y)) measures latency instead, and read 10-20% low here. Each iteration runs
 * `rounds` rounds (a y load from 18 values in L1, then 96 flops): how fast V8's code for this loop
 * runs depends on the round count, differently in the plain and the fused build, so the bench takes
 * the fastest of 1, 2 and 3 rounds as the ceiling.
 */
export function arithmetic(iters: i32, rounds: i32): f32 {
  const ys = (__heap_base + 63) & ~63;
  for (let j = 0; j < 18; j++) v128.store(ys + <usize>(j * 16), f32x4.splat(0.001 * <f32>j));
  const x0 = f32x4.splat(0.999), x1 = f32x4.splat(1.001);
  let a0 = f32x4.splat(1), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
  for (let i = 0; i < iters; i++) {
    for (let r = 0; r < rounds; r++) {
      const y = v128.load(ys + <usize>(((i & 15) + r) << 4));
      a0 = madd(x0, y, a0); a1 = madd(x1, y, a1); a2 = madd(x0, y, a2); a3 = madd(x1, y, a3);
      a4 = madd(x0, y, a4); a5 = madd(x1, y, a5); a6 = madd(x0, y, a6); a7 = madd(x1, y, a7);
      a8 = madd(x0, y, a8); a9 = madd(x1, y, a9); a10 = madd(x0, y, a10); a11 = madd(x1, y, a11);
    }
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
