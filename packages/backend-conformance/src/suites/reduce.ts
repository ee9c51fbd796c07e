import { sizeOf, type ReduceOp } from "@chainrule/tensor";
import { describe } from "vitest";
import type { KernelTest } from "../kernel-test.js";
import { specialValues } from "../special-values.js";
import { argmaxReference, reduceReference } from "../reference/reduce.js";

const OPS: ReduceOp[] = ["sum", "mean", "max", "min"];

/** [shape, axes]: leading, trailing, all, none, non-contiguous axes, size-1 axes. */
const CASES: [number[], number[]][] = [
  [[13], [0]],
  [[7, 13], [0]],
  [[7, 13], [1]],
  [[7, 13], [0, 1]],
  [[7, 13], []],
  [[3, 5, 7], [1]],
  [[3, 5, 7], [0, 2]],
  [[2, 3, 4, 5], [1, 3]],
  [[2, 3, 4, 5], [0, 1, 2, 3]],
  [[5, 1, 3], [1]],
];


/** reduce (every op, several axis sets) and argmax (ties go to the first index). */
export function reduceSuite(test: KernelTest): void {
  describe("reduce", () => {
    for (const op of OPS) {
      for (const [shape, axes] of CASES) {
        test(`reduce ${op} [${shape}] over axes [${axes}]`, (h) => {
          const x = h.input("x", h.random(sizeOf(shape), -3, 3));
          const out = h.output("out", sizeOf(shape.filter((_, d) => !axes.includes(d))));
          h.backend.reduce(op, x.id, shape, axes, out.id);
          out.expect(reduceReference(op, x.values, shape, axes));
        });
      }
    }
    test("reduce sum over an empty axis gives zeros", (h) => {
      const x = h.input("x", []);
      const out = h.output("out", 3);
      h.backend.reduce("sum", x.id, [0, 3], [0], out.id);
      out.expect([0, 0, 0]);
    });
  });

  describe("argmax", () => {
    const cases: [number[], number][] = [[[3, 5, 7], 0], [[3, 5, 7], 1], [[3, 5, 7], 2], [[13], 0], [[7, 13], 1]];
    for (const [shape, axis] of cases) {
      for (const ties of [false, true]) {
        test(`argmax [${shape}] axis ${axis}${ties ? " with ties → first" : ""}`, (h) => {
          // integers in [0, 3) make most lines hold their maximum more than once
          const x = h.input("x", ties ? h.integers(sizeOf(shape), 3) : h.random(sizeOf(shape)));
          const out = h.output("out", sizeOf(shape) / shape[axis]);
          h.backend.argmax(x.id, shape, axis, out.id);
          out.expect(argmaxReference(x.values, shape, axis));
        });
      }
    }
    for (const [shape, axis] of [[[7, 13], 1], [[13, 7], 0]] as const) {
      test(`argmax [${shape}] axis ${axis} with NaN and ±∞: a later element wins only when strictly greater`, (h) => {
        // the composites of @chainrule/tensor compare with this rule, so it is part of the kernel
        const x = h.input("x", specialValues(h, sizeOf(shape)));
        const out = h.output("out", sizeOf(shape) / shape[axis]);
        h.backend.argmax(x.id, shape, axis, out.id);
        out.expect(argmaxReference(x.values, shape, axis));
      });
    }
  });
}
