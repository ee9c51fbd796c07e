import { describe } from "vitest";
import type { KernelTest } from "../kernel-test.js";
import { matmulReference } from "../reference/matmul.js";

/** [m, n, k]: odd sizes so no kernel can assume multiples of 4 or 8; 1s and 0s for the degenerate edges. */
const SIZES: [number, number, number][] = [[7, 13, 33], [37, 29, 45], [1, 1, 1], [13, 9, 1], [1, 17, 8], [5, 1, 7], [0, 5, 3], [4, 5, 0]];

const VARIANTS = [
  { label: "", bias: false, accumulate: false },
  { label: " + bias", bias: true, accumulate: false },
  { label: " accumulate", bias: false, accumulate: true },
  { label: " accumulate + bias", bias: true, accumulate: true },
];

/** All four transpose combinations, with and without fused bias and accumulation. */
export function matmulSuite(test: KernelTest): void {
  describe("matmul", () => {
    for (const [m, n, k] of SIZES) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          for (const v of VARIANTS) {
            const name = `${transA ? "T" : "N"}${transB ? "T" : "N"}`;
            test(`matmul ${name} m=${m} n=${n} k=${k}${v.label}`, (h) => {
              const a = h.input("a", h.random(m * k));
              const b = h.input("b", h.random(k * n));
              const bias = v.bias ? h.input("bias", h.random(n)) : null;
              const out = h.output("out", m * n);
              const prior = v.accumulate ? out.initial : null;
              h.backend.matmul(a.id, b.id, out.id, { m, n, k, transA, transB, bias: bias?.id ?? null, accumulate: v.accumulate });
              out.expect(matmulReference(a.values, b.values, { m, n, k, transA, transB }, bias?.values ?? null, prior));
            });
          }
        }
      }
    }
  });
}
