// reduceArrays on every axis layout (leading block, trailing block, neither, none, all) and every op,
// against a reference that, for each output cell, enumerates the multi-indices it covers. Integer
// inputs make every sum exact, so the results must match exactly.
import { describe, expect, it } from "vitest";
import type { ReduceOp } from "../backend.js";
import { Rng } from "../random.js";
import { reduceArrays } from "./reduce.js";

const OPS: ReduceOp[] = ["sum", "mean", "max", "min"];

/** Multi-indices of a shape in row-major order. */
function indices(shape: readonly number[]): number[][] {
  let all: number[][] = [[]];
  for (const n of shape) all = all.flatMap((p) => Array.from({ length: n }, (_, i) => [...p, i]));
  return all;
}

function reference(op: ReduceOp, x: Float64Array, shape: number[], axes: number[]): number[] {
  const kept = shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const flat = (idx: number[]) => idx.reduce((f, i, d) => f * shape[d] + i, 0);
  return indices(kept.map((d) => shape[d])).map((outIdx) => {
    const values = indices(axes.map((d) => shape[d])).map((redIdx) => {
      const idx = new Array<number>(shape.length);
      kept.forEach((d, t) => (idx[d] = outIdx[t]));
      axes.forEach((d, t) => (idx[d] = redIdx[t]));
      return x[flat(idx)];
    });
    if (values.some(Number.isNaN) && (op === "max" || op === "min")) return NaN;
    if (op === "max") return Math.max(...values);
    if (op === "min") return Math.min(...values);
    const s = values.reduce((a, b) => a + b, 0);
    return op === "mean" ? s / values.length : s;
  });
}

const LAYOUTS: [number[], number[]][] = [
  [[36, 8], [0]],
  [[4, 3, 5], [0, 1]],
  [[4, 3, 5], [2]],
  [[4, 3, 5], [1, 2]],
  [[4, 3, 5], [0, 1, 2]],
  [[4, 3, 5], [1]],
  [[4, 3, 5], [0, 2]],
  [[2, 3, 2, 3], [1, 3]],
  [[4, 3, 5], []],
];

describe("reduceArrays", () => {
  const rng = new Rng(5);
  for (const [shape, axes] of LAYOUTS) {
    for (const op of OPS) {
      it(`${op} of [${shape}] over axes [${axes}]`, () => {
        const size = shape.reduce((a, b) => a * b, 1);
        const x = Float64Array.from({ length: size }, () => rng.int(19) - 9);
        const want = reference(op, x, shape, axes);
        const out = new Float64Array(want.length);
        reduceArrays(op, x, shape, axes, out);
        expect(Array.from(out)).toEqual(want);
      });
    }
  }

  it("max and min propagate NaN wherever it sits in the reduced run", () => {
    for (const [shape, axes] of LAYOUTS.slice(0, 7)) {
      const size = shape.reduce((a, b) => a * b, 1);
      const x = Float64Array.from({ length: size }, (_, i) => (i % 7 === 3 ? NaN : i % 5));
      for (const op of ["max", "min"] as const) {
        const out = new Float64Array(size);
        const want = reference(op, x, shape, axes);
        reduceArrays(op, x, shape, axes, out);
        expect(Array.from(out.subarray(0, want.length))).toEqual(want);
      }
    }
  });

  it("an empty reduction gives the op's identity, and NaN for mean", () => {
    const out = new Float64Array(3);
    for (const [op, want] of [["sum", 0], ["max", -Infinity], ["min", Infinity], ["mean", NaN]] as const) {
      reduceArrays(op, new Float64Array(0), [0, 3], [0], out);
      expect(Array.from(out)).toEqual([want, want, want]);
    }
  });
});
