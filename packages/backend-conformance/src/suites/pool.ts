import { pool2dGeometry, sizeOf, type WindowOptions } from "@chainrule/tensor";
import { describe } from "vitest";
import type { Harness } from "../harness.js";
import type { KernelTest } from "../kernel-test.js";
import { specialValues } from "../special-values.js";
import { avgPoolBackwardReference, avgPoolReference, maxPoolBackwardReference, maxPoolReference } from "../reference/pool.js";

interface PoolCase {
  label: string;
  x: [number, number, number, number];
  window: number;
  opts: WindowOptions;
}

/** Odd inputs that drop a row, windows partly outside the image (same / explicit padding), overlapping windows. */
const CASES: PoolCase[] = [
  { label: "2x2 stride 2 valid on 7x7", x: [2, 7, 7, 5], window: 2, opts: {} },
  { label: "3x3 stride 2 same on 7x7", x: [2, 7, 7, 3], window: 3, opts: { stride: 2, padding: "same" } },
  { label: "2x2 stride 2 same on 5x5", x: [1, 5, 5, 2], window: 2, opts: { padding: "same" } },
  { label: "3x3 stride 1 padding 1 (overlapping)", x: [1, 6, 5, 3], window: 3, opts: { stride: 1, padding: 1 } },
  { label: "2x2 on 24x24x8 (MNIST pool 1)", x: [2, 24, 24, 8], window: 2, opts: {} },
];


/** Inputs with many ties (integers in [0, 3)) or without. */
function poolInput(h: Harness, n: number, ties: boolean): Float64Array {
  return ties ? h.integers(n, 3) : h.random(n, -3, 3);
}

/** maxPool / maxPoolBackward (first maximum wins) and avgPool / avgPoolBackward (count of cells inside). */
export function poolSuite(test: KernelTest): void {
  describe("pooling", () => {
    for (const c of CASES) {
      const g = pool2dGeometry(c.x, c.window, c.opts);
      const ySize = g.batch * g.outH * g.outW * g.channels;
      const shapes = `[${c.x}] → [${g.batch},${g.outH},${g.outW},${g.channels}]`;
      for (const ties of [false, true]) {
        const tieLabel = ties ? " with ties → first" : "";
        test(`maxPool ${c.label}${tieLabel}: ${shapes}`, (h) => {
          const x = h.input("x", poolInput(h, sizeOf(c.x), ties));
          const y = h.output("y", ySize);
          h.backend.maxPool(x.id, y.id, g);
          y.expect(maxPoolReference(x.values, g));
        });
        test(`maxPoolBackward ${c.label}${tieLabel}: ${shapes}`, (h) => {
          const x = h.input("x", poolInput(h, sizeOf(c.x), ties));
          const dy = h.input("dy", h.random(ySize));
          const dx = h.output("dx", sizeOf(c.x));
          h.backend.maxPoolBackward(x.id, dy.id, dx.id, g);
          dx.expect(maxPoolBackwardReference(x.values, dy.values, g));
        });
      }
      test(`maxPoolBackward ${c.label} with NaN and ±∞ (a later cell takes over only when strictly greater): ${shapes}`, (h) => {
        // the composites of @chainrule/tensor select with this rule, so it is part of the kernel
        const x = h.input("x", specialValues(h, sizeOf(c.x)));
        const dy = h.input("dy", h.random(ySize));
        const dx = h.output("dx", sizeOf(c.x));
        h.backend.maxPoolBackward(x.id, dy.id, dx.id, g);
        dx.expect(maxPoolBackwardReference(x.values, dy.values, g));
      });
      test(`avgPool ${c.label}: ${shapes}`, (h) => {
        const x = h.input("x", h.random(sizeOf(c.x), -3, 3));
        const y = h.output("y", ySize);
        h.backend.avgPool(x.id, y.id, g);
        y.expect(avgPoolReference(x.values, g));
      });
      test(`avgPoolBackward ${c.label}: ${shapes}`, (h) => {
        const dy = h.input("dy", h.random(ySize));
        const dx = h.output("dx", sizeOf(c.x));
        h.backend.avgPoolBackward(dy.id, dx.id, g);
        dx.expect(avgPoolBackwardReference(dy.values, g));
      });
    }
  });
}
