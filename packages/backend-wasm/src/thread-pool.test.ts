// Matmuls split over worker threads must give what one thread gives (same kernel, same
// summation order per column), and the whole conformance suite must hold with threads on.
import { runConformance } from "@chainrule/backend-conformance";
import { Rng } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { createWasmBackend } from "./create-wasm-backend.js";

runConformance("wasm, 2 threads", () => createWasmBackend({ threads: 2, fma: false }));
runConformance("wasm, 2 threads, fused multiply-add", () => createWasmBackend({ threads: 2, fma: true }));

describe("threads", () => {
  it("starts a pool of workers and splits large matmuls by columns with results equal to one thread's", async () => {
    const one = await createWasmBackend();
    const two = await createWasmBackend({ threads: 2 });
    expect(two.fma).toBe(one.fma);
    expect(two.threads).toBe(2);
    const rng = new Rng(3);
    for (const [m, n, k, transA, transB] of [[128, 128, 784, false, false], [97, 203, 61, true, false], [64, 1030, 33, false, true]] as const) {
      const a = Float32Array.from({ length: m * k }, () => rng.uniform(-1, 1));
      const b = Float32Array.from({ length: k * n }, () => rng.uniform(-1, 1));
      const bias = Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
      const results = [one, two].map((be) => {
        const [ai, bi, biasi, out] = [be.alloc(a.length), be.alloc(b.length), be.alloc(n), be.alloc(m * n)];
        be.write(ai, a);
        be.write(bi, b);
        be.write(biasi, bias);
        be.matmul(ai, bi, out, { m, n, k, transA, transB, bias: biasi });
        return be.readSync(out);
      });
      expect(results[1]).toEqual(results[0]);
    }
  });

  it("falls back to one thread where memory cannot be shared (a page that is not cross-origin isolated)", async () => {
    const g = globalThis as { crossOriginIsolated?: boolean };
    g.crossOriginIsolated = false;
    try {
      const backend = await createWasmBackend({ threads: 2 });
      expect(backend.threads).toBe(1);
      const [a, b, out] = [backend.alloc(6), backend.alloc(6), backend.alloc(4)];
      backend.write(a, [1, 2, 3, 4, 5, 6]);
      backend.write(b, [1, 0, 0, 1, 1, 1]);
      backend.matmul(a, b, out, { m: 2, n: 2, k: 3 });
      expect(Array.from(backend.readSync(out))).toEqual([4, 5, 10, 11]);
    } finally {
      delete g.crossOriginIsolated;
    }
  });
});
