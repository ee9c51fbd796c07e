import { broadcastShapes, sizeOf, type Activation, type BinaryOp, type UnaryOp } from "@chainrule/tensor";
import { describe } from "vitest";
import type { Harness } from "../harness.js";
import type { KernelTest } from "../kernel-test.js";
import { activationDerivativeReference, activationReference, binaryReference, broadcastReference, unaryReference } from "../reference/elementwise.js";

const BINARY_OPS: BinaryOp[] = ["add", "sub", "mul", "div", "pow", "max", "min"];
const UNARY_OPS: UnaryOp[] = ["neg", "abs", "exp", "log", "sqrt", "square", "reciprocal", "sign"];

/** [aShape, bShape]: equal, trailing vector, size-1 axes on both sides, rank mismatch, scalars, empty axes. */
const BROADCASTS: [number[], number[]][] = [
  [[7, 13], [7, 13]],
  [[7, 13], [13]],
  [[13], [7, 13]],
  [[7, 1], [1, 13]],
  [[3, 1, 5], [4, 1]],
  [[2, 3, 5], [5]],
  [[2, 3, 5], [3, 1]],
  [[1, 1], [7, 13]],
  [[], [2, 3]],
  [[2, 3], []],
  [[1], [1]],
  [[2, 0, 3], [1, 3]],
  [[0], [1]],
];

/** `size` operands for `op` where it is defined and well conditioned: pow needs a positive base, div a divisor away from 0. */
function operand(h: Harness, op: BinaryOp, side: "a" | "b", size: number): Float64Array {
  if (op === "pow" && side === "a") return h.random(size, 0.1, 2);
  if (op === "div" && side === "b") return h.random(size, 0.5, 2).map((v, i) => (i % 2 ? v : -v));
  return h.random(size, -2, 2);
}

/** Values of an activation's input: random, with exact zeros and large magnitudes mixed in. */
function activationInput(h: Harness, size: number): Float64Array {
  const x = h.random(size, -4, 4);
  [0, -30, 30, 0, -1000, 1000, NaN].forEach((v, i) => (x[i * 5] = v));
  return x;
}

/** binary with broadcasting, binaryScalar both ways, unary, activations and their backward forms; in place too. */
export function elementwiseSuite(test: KernelTest): void {
  describe("binary", () => {
    for (const op of BINARY_OPS) {
      for (const [aShape, bShape] of BROADCASTS) {
        const outShape = broadcastShapes("binary", aShape, bShape);
        test(`binary ${op} [${aShape}] with [${bShape}] → [${outShape}]`, (h) => {
          const a = h.input("a", operand(h, op, "a", sizeOf(aShape)));
          const b = h.input("b", operand(h, op, "b", sizeOf(bShape)));
          const out = h.output("out", sizeOf(outShape));
          h.backend.binary(op, a.id, aShape, b.id, bShape, out.id, outShape);
          out.expect(broadcastReference(op, a.values, aShape, b.values, bShape, outShape));
        });
      }
      test(`binary ${op} [7,13] with [13] stored in a 91-element buffer`, (h) => {
        // b's storage is as long as the output (a reused buffer): it must not pass for a full-size operand
        const a = h.input("a", operand(h, op, "a", 91), 0);
        const b = h.input("b", operand(h, op, "b", 91), 0);
        const out = h.output("out", 91);
        h.backend.binary(op, a.id, [7, 13], b.id, [13], out.id, [7, 13]);
        out.expect(broadcastReference(op, a.values, [7, 13], b.values.subarray(0, 13), [13], [7, 13]));
      });
      test(`binary ${op} in place (out = a)`, (h) => {
        const a = h.input("a", operand(h, op, "a", 33));
        const b = h.input("b", operand(h, op, "b", 33));
        const expected = a.values.map((v, i) => binaryReference[op](v, b.values[i]));
        h.backend.binary(op, a.id, [3, 11], b.id, [3, 11], a.id, [3, 11]);
        a.expect(expected);
      });
    }
  });

  describe("binaryScalar", () => {
    for (const op of BINARY_OPS) {
      for (const scalarFirst of [false, true]) {
        test(`binaryScalar ${scalarFirst ? `s ${op} a` : `a ${op} s`}`, (h) => {
          // the tensor sits where `operand` expects it: as the base of pow, the divisor of s / a
          const a = h.input("a", operand(h, op, scalarFirst ? "b" : "a", 33));
          const s = h.round([op === "pow" ? 1.75 : -1.3])[0];
          const out = h.output("out", 33);
          h.backend.binaryScalar(op, a.id, s, out.id, 33, scalarFirst);
          const f = binaryReference[op];
          out.expect(a.values.map((v) => (scalarFirst ? f(s, v) : f(v, s))));
        });
      }
    }
    test("binaryScalar in place", (h) => {
      const a = h.input("a", h.random(13));
      const expected = a.values.map((v) => v * 2.5);
      h.backend.binaryScalar("mul", a.id, 2.5, a.id, 13);
      a.expect(expected);
    });
  });

  describe("unary", () => {
    for (const op of UNARY_OPS) {
      test(`unary ${op}`, (h) => {
        const positive = op === "log" || op === "sqrt";
        const values = positive ? h.random(33, 0.05, 3) : h.random(33, -3, 3);
        if (op === "reciprocal") values.forEach((v, i) => (values[i] = v < 0 ? v - 0.2 : v + 0.2));
        if (op === "sign" || op === "abs") values[5] = 0;
        const x = h.input("x", values);
        const out = h.output("out", 33);
        h.backend.unary(op, x.id, out.id, 33);
        out.expect(x.values.map(unaryReference[op]));
      });
    }
    test("unary in place", (h) => {
      const x = h.input("x", h.random(13));
      const expected = x.values.map(Math.exp);
      h.backend.unary("exp", x.id, x.id, 13);
      x.expect(expected);
    });
  });

  describe("activation", () => {
    const cases: { kind: Activation; alpha?: number }[] = [
      { kind: "relu" }, { kind: "leakyRelu", alpha: 0.2 }, { kind: "leakyRelu" }, { kind: "sigmoid" }, { kind: "tanh" },
    ];
    for (const { kind, alpha } of cases) {
      // the Backend documents α = 0.01 when leakyRelu is called without one
      const a = alpha ?? 0.01;
      const label = `${kind}${alpha === undefined ? "" : ` α=${alpha}`}`;
      test(`activation ${label}`, (h) => {
        const x = h.input("x", activationInput(h, 33));
        const y = h.output("y", 33);
        h.backend.activation(kind, x.id, y.id, 33, alpha);
        y.expect(x.values.map((v) => activationReference(kind, v, a)));
      });
      test(`activationBackward ${label}`, (h) => {
        const y = h.input("y", activationInput(h, 33).map((v) => activationReference(kind, v, a)));
        const dy = h.input("dy", h.random(33));
        const dx = h.output("dx", 33);
        h.backend.activationBackward(kind, y.id, dy.id, dx.id, 33, alpha);
        dx.expect(dy.values.map((g, i) => g * activationDerivativeReference(kind, y.values[i], a)));
      });
    }
    test("activation in place", (h) => {
      const x = h.input("x", h.random(13));
      const expected = x.values.map(Math.tanh);
      h.backend.activation("tanh", x.id, x.id, 13);
      x.expect(expected);
    });
    test("activationBackward in place (dx = dy)", (h) => {
      const y = h.input("y", h.random(13, 0, 1));
      const dy = h.input("dy", h.random(13));
      const expected = dy.values.map((g, i) => g * y.values[i] * (1 - y.values[i]));
      h.backend.activationBackward("sigmoid", y.id, dy.id, dy.id, 13);
      dy.expect(expected);
    });
  });
}
