// Matmul shapes past the conformance suite's: several 64x64 tiles and 16-step blocks, and every
// way an operand is loaded (four floats at a time along k, along rows or along columns, and one at
// a time), against a float64 product written here.
import { Rng } from "@chainrule/tensor";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebGpuBackend, type WebGpuBackend } from "../create-webgpu-backend.js";

/** op(a)·op(b) (+ bias) (+ out) in float64, from the definition. */
function reference(
  a: Float32Array, b: Float32Array, bias: Float32Array | null, out: Float32Array | null, m: number, n: number, k: number, transA: boolean, transB: boolean,
): Float64Array {
  const y = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += a[transA ? t * m + i : i * k + t] * b[transB ? j * k + t : t * n + j];
      y[i * n + j] = s + (bias ? bias[j] : 0) + (out ? out[i * n + j] : 0);
    }
  }
  return y;
}

describe("matmul on tiles and vector loads", () => {
  let gpu: WebGpuBackend;
  beforeAll(async () => {
    gpu = await createWebGpuBackend();
  });
  afterAll(() => gpu.dispose());

  // [m, n, k]: all multiples of 4 (every operand as vec4), none, and mixed; partial tiles and blocks
  const sizes: [number, number, number][] = [[68, 72, 36], [130, 4, 20], [5, 8, 12], [67, 65, 33], [64, 128, 16], [4, 3, 17]];
  for (const [m, n, k] of sizes) {
    it(`m=${m} n=${n} k=${k}, every transpose, with bias and accumulate`, async () => {
      const rng = new Rng(m * 10_000 + n * 100 + k);
      const random = (size: number) => Float32Array.from({ length: size }, () => rng.uniform(-1, 1));
      const [a, b, bias, start] = [random(m * k), random(k * n), random(n), random(m * n)];
      const [aId, bId, biasId] = [a, b, bias].map((values) => {
        const id = gpu.alloc(values.length);
        gpu.write(id, values);
        return id;
      });
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          // both fused terms, and neither
          for (const fused of [false, true]) {
            const out = gpu.alloc(m * n);
            gpu.write(out, start);
            gpu.matmul(aId, bId, out, { m, n, k, transA, transB, bias: fused ? biasId : null, accumulate: fused });
            const got = await gpu.read(out);
            const want = reference(a, b, fused ? bias : null, fused ? start : null, m, n, k, transA, transB);
            const worst = want.reduce((w, v, i) => Math.max(w, Math.abs(got[i] - v)), 0);
            // float32 sums of k terms of size ≤ 1: a few ulp of √k; a misplaced element is off by O(1)
            expect(worst, `transA ${transA} transB ${transB} bias and accumulate ${fused}`).toBeLessThan(1e-5);
            gpu.free(out);
          }
        }
      }
      [aId, bId, biasId].forEach((id) => gpu.free(id));
    });
  }
});
