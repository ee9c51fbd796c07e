import { describe } from "vitest";
import type { Harness, TrackedBuffer } from "../harness.js";
import type { KernelTest } from "../kernel-test.js";
import { fractionOutsideReference, fractionZerosReference, sumSquaresReference } from "../reference/stats.js";

const SIZE = 33;
const SLOT = 2;

/** A 5-slot statistics buffer whose slot 2 must become `value` and whose other slots must keep theirs. */
function expectSlot(out: TrackedBuffer, value: number): void {
  const expected = Float64Array.from(out.initial);
  expected[SLOT] = value;
  out.expect(expected);
}

/** Values with exact zeros (a third, as after a ReLU) and values exactly on ±0.5. */
function statsInput(h: Harness): Float64Array {
  const x = h.random(SIZE);
  for (let i = 0; i < SIZE; i += 3) x[i] = 0;
  x[1] = 0.5;
  x[4] = -0.5;
  return x;
}

/** sumSquares, fractionZeros, fractionOutside, each into one slot of a small buffer. */
export function statsSuite(test: KernelTest): void {
  describe("gradient statistics", () => {
    test("sumSquares into slot 2", (h) => {
      const x = h.input("x", statsInput(h));
      const out = h.output("out", 5);
      h.backend.sumSquares(x.id, SIZE, out.id, SLOT);
      expectSlot(out, sumSquaresReference(x.values));
    });
    test("fractionZeros into slot 2", (h) => {
      const x = h.input("x", statsInput(h));
      const out = h.output("out", 5);
      h.backend.fractionZeros(x.id, SIZE, out.id, SLOT);
      expectSlot(out, fractionZerosReference(x.values));
    });
    test("fractionOutside [-0.5, 0.5] into slot 2 (the bounds count as outside)", (h) => {
      const x = h.input("x", statsInput(h));
      const out = h.output("out", 5);
      h.backend.fractionOutside(x.id, SIZE, -0.5, 0.5, out.id, SLOT);
      expectSlot(out, fractionOutsideReference(x.values, -0.5, 0.5));
    });
  });
}
