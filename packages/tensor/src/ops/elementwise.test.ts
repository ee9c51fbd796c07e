import { describe, expect, it } from "vitest";
import { JsBackend } from "../js/js-backend.js";
import { tensor } from "./creation.js";
import { abs, add, div, exp, leakyRelu, log, maximum, minimum, mul, neg, pow, reciprocal, relu, sigmoid, sqrt, square, sub, tanh } from "./elementwise.js";

const f64 = new JsBackend({ dtype: "float64" });
const t = (values: number[], shape?: number[]) => tensor(values, shape, f64);
const values = (x: { dataSync(): ArrayLike<number> }) => Array.from(x.dataSync());

describe("elementwise ops", () => {
  it("add broadcasts a row over a matrix and a column against a row", () => {
    const m = t([1, 2, 3, 4, 5, 6], [2, 3]);
    const r = add(m, t([10, 20, 30]));
    expect(r.shape).toEqual([2, 3]);
    expect(values(r)).toEqual([11, 22, 33, 14, 25, 36]);
    const outer = sub(t([1, 2], [2, 1]), t([10, 20, 30], [1, 3]));
    expect(outer.shape).toEqual([2, 3]);
    expect(values(outer)).toEqual([-9, -19, -29, -8, -18, -28]);
  });

  it("takes numbers on either side", () => {
    const x = t([1, 2, 4]);
    expect(values(div(x, 2))).toEqual([0.5, 1, 2]);
    expect(values(div(8, x))).toEqual([8, 4, 2]);
    expect(values(sub(1, x))).toEqual([0, -1, -3]);
    expect(values(pow(x, 2))).toEqual([1, 4, 16]);
    expect(values(pow(2, x))).toEqual([2, 4, 16]);
    expect(values(mul(x, -1))).toEqual([-1, -2, -4]);
    expect(values(maximum(x, 1.5))).toEqual([1.5, 2, 4]);
    expect(values(minimum(x, 1.5))).toEqual([1, 1.5, 1.5]);
    expect(() => add(1 as never, 2 as never)).toThrowError("add: at least one argument must be a tensor");
  });

  it("rejects shapes that do not broadcast, naming both", () => {
    expect(() => add(t([1, 2, 3, 4, 5, 6], [2, 3]), t([1, 2]))).toThrowError(
      "add expects shapes that broadcast (equal dimensions or 1, aligned from the right) but got [2, 3] and [2]; axis 1 has 3 and 2",
    );
  });

  it("unary ops and activations", () => {
    const x = t([-2, -0.5, 0, 0.5, 2]);
    expect(values(neg(x))).toEqual([2, 0.5, -0, -0.5, -2]);
    expect(values(abs(x))).toEqual([2, 0.5, 0, 0.5, 2]);
    expect(values(square(x))).toEqual([4, 0.25, 0, 0.25, 4]);
    expect(values(relu(x))).toEqual([0, 0, 0, 0.5, 2]);
    expect(values(leakyRelu(x, 0.1))).toEqual([-0.2, -0.05, 0, 0.5, 2]);
    expect(values(leakyRelu(x))).toEqual([-0.02, -0.005, 0, 0.5, 2]);
    expect(values(sigmoid(x))).toEqual([-2, -0.5, 0, 0.5, 2].map((v) => expect.closeTo(1 / (1 + Math.exp(-v)), 15)));
    expect(values(tanh(x))).toEqual([-2, -0.5, 0, 0.5, 2].map((v) => expect.closeTo(Math.tanh(v), 15)));
    const p = t([0.25, 1, 4]);
    expect(values(sqrt(p))).toEqual([0.5, 1, 2]);
    expect(values(reciprocal(p))).toEqual([4, 1, 0.25]);
    expect(values(log(exp(p)))).toEqual([0.25, 1, 4].map((v) => expect.closeTo(v, 14)));
  });
});
