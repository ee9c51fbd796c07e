import { conv2dGeometry, sizeOf, type WindowOptions } from "@chainrule/tensor";
import { describe } from "vitest";
import type { KernelTest } from "../kernel-test.js";
import { conv2dBackwardFilterReference, conv2dBackwardInputReference, conv2dReference } from "../reference/conv2d.js";

interface ConvCase {
  label: string;
  x: [number, number, number, number];
  w: [number, number, number, number];
  opts: WindowOptions;
  bias: boolean;
}

/** Strides 1 and 2, valid / same / explicit padding, odd sizes, 1x1 and non-square kernels, channel counts off multiples of 4. */
const CASES: ConvCase[] = [
  { label: "3x3 stride 1 valid", x: [2, 7, 7, 3], w: [3, 3, 3, 5], opts: { padding: "valid" }, bias: true },
  { label: "3x3 stride 2 same, batch 1", x: [1, 9, 8, 5], w: [3, 3, 5, 6], opts: { stride: 2, padding: "same" }, bias: false },
  { label: "3x3 stride 2 same on an even input", x: [2, 8, 8, 3], w: [3, 3, 3, 4], opts: { stride: 2, padding: "same" }, bias: true },
  { label: "5x3 stride [2, 1] explicit padding 1", x: [3, 13, 11, 2], w: [5, 3, 2, 7], opts: { stride: [2, 1], padding: 1 }, bias: true },
  { label: "4x4 (even kernel) stride 1 same", x: [1, 7, 7, 2], w: [4, 4, 2, 3], opts: { padding: "same" }, bias: false },
  { label: "1x1 stride 1", x: [2, 6, 5, 13], w: [1, 1, 13, 9], opts: {}, bias: true },
  { label: "1x1 stride 2 valid", x: [1, 7, 7, 3], w: [1, 1, 3, 5], opts: { stride: 2 }, bias: false },
  { label: "5x5 valid 1→8 (MNIST conv 1)", x: [2, 28, 28, 1], w: [5, 5, 1, 8], opts: {}, bias: true },
  { label: "5x5 valid 8→16 (MNIST conv 2)", x: [2, 12, 12, 8], w: [5, 5, 8, 16], opts: {}, bias: true },
  // 64·64 pixels x 225 taps per image: large enough that a backend splits the batch into chunks (the JS one does, 4 + 1)
  { label: "15x15 valid on 5 large images", x: [5, 78, 78, 1], w: [15, 15, 1, 2], opts: {}, bias: true },
];


/** conv2d forward, backward-input and backward-filter against direct loops over the taps. */
export function conv2dSuite(test: KernelTest): void {
  describe("conv2d", () => {
    for (const c of CASES) {
      const g = conv2dGeometry(c.x, c.w, c.opts);
      const ySize = g.batch * g.outH * g.outW * g.outC;
      const shapes = `x [${c.x}] w [${c.w}] → [${g.batch},${g.outH},${g.outW},${g.outC}]`;
      test(`conv2d ${c.label}${c.bias ? " + bias" : ""}: ${shapes}`, (h) => {
        const x = h.input("x", h.random(sizeOf(c.x)));
        const w = h.input("w", h.random(sizeOf(c.w)));
        const bias = c.bias ? h.input("bias", h.random(g.outC)) : null;
        const y = h.output("y", ySize);
        h.backend.conv2d(x.id, w.id, bias?.id ?? null, y.id, g);
        y.expect(conv2dReference(x.values, w.values, bias?.values ?? null, g));
      });
      test(`conv2dBackwardInput ${c.label}: ${shapes}`, (h) => {
        const dy = h.input("dy", h.random(ySize));
        const w = h.input("w", h.random(sizeOf(c.w)));
        const dx = h.output("dx", sizeOf(c.x));
        h.backend.conv2dBackwardInput(dy.id, w.id, dx.id, g);
        dx.expect(conv2dBackwardInputReference(dy.values, w.values, g));
      });
      test(`conv2dBackwardFilter ${c.label}: ${shapes}`, (h) => {
        const x = h.input("x", h.random(sizeOf(c.x)));
        const dy = h.input("dy", h.random(ySize));
        const dw = h.output("dw", sizeOf(c.w));
        h.backend.conv2dBackwardFilter(x.id, dy.id, dw.id, g);
        dw.expect(conv2dBackwardFilterReference(x.values, dy.values, g));
      });
    }
  });
}
