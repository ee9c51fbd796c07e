import { describe, expect, it } from "vitest";
import { JsBackend } from "../js/js-backend.js";
import { Rng } from "../random.js";
import { ShapeError } from "../shape.js";
import { tensor } from "./creation.js";
import { avgPool2d, conv2d, logSoftmax, matmul, maxPool2d, softmax } from "./nn.js";

const f64 = new JsBackend({ dtype: "float64" });
const rng = new Rng(11);
const random = (n: number) => Array.from({ length: n }, () => rng.uniform(-1, 1));
const values = (t: { dataSync(): ArrayLike<number> }) => Array.from(t.dataSync());

/** C = op(A)·op(B) + bias by the definition, with A stored [m, k] or [k, m] as in the op. */
function matmulByLoops(a: number[], b: number[], m: number, n: number, k: number, ta: boolean, tb: boolean, bias?: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = bias ? bias[j] : 0;
      for (let q = 0; q < k; q++) s += (ta ? a[q * m + i] : a[i * k + q]) * (tb ? b[j * k + q] : b[q * n + j]);
      out.push(s);
    }
  }
  return out;
}

describe("matmul", () => {
  const [m, n, k] = [5, 7, 9];
  for (const ta of [false, true]) {
    for (const tb of [false, true]) {
      it(`transposeA ${ta} transposeB ${tb} with bias matches float64 loops`, () => {
        const a = random(m * k), b = random(k * n), bias = random(n);
        const out = matmul(tensor(a, ta ? [k, m] : [m, k], f64), tensor(b, tb ? [n, k] : [k, n], f64), {
          transposeA: ta, transposeB: tb, bias: tensor(bias, [n], f64),
        });
        expect(out.shape).toEqual([m, n]);
        values(out).forEach((v, i) => expect(v).toBeCloseTo(matmulByLoops(a, b, m, n, k, ta, tb, bias)[i], 12));
      });
    }
  }

  it("a 2x2 product by hand", () => {
    const c = matmul(tensor([[1, 2], [3, 4]], undefined, f64), tensor([[5, 6], [7, 8]], undefined, f64));
    expect(values(c)).toEqual([19, 22, 43, 50]);
  });

  it("shape errors name the shapes and the fix", () => {
    const a = tensor(random(6), [2, 3], f64);
    expect(() => matmul(a, tensor(random(8), [4, 2], f64))).toThrowError("matmul expects [m, k] x [k, n] but got [2, 3] and [4, 2]; inner dimensions 3 and 4 differ");
    expect(() => matmul(a, tensor(random(3), [3], f64))).toThrowError("matmul expects two matrices (rank 2) but got [2, 3] and [3]");
    expect(() => matmul(a, tensor(random(6), [3, 2], f64), { bias: tensor(random(3), [3], f64) })).toThrowError("matmul bias expects [2] but got [3]");
  });
});

describe("softmax", () => {
  it("rows sum to 1 and match exp(x)/Σ exp, also for logits ±1000", () => {
    const x = [1, 2, 3, -1000, 0, 1000];
    const p = values(softmax(tensor(x, [2, 3], f64)));
    const e = [1, 2, 3].map(Math.exp);
    expect(p.slice(0, 3)).toEqual(e.map((v) => expect.closeTo(v / (e[0] + e[1] + e[2]), 15)));
    expect(p.slice(3)).toEqual([0, 0, 1]);
    expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 15);
    const lp = values(logSoftmax(tensor(x, [2, 3], f64)));
    expect(lp.slice(3)).toEqual([-2000, -1000, 0]);
  });
});

describe("conv2d and pooling ops", () => {
  it("conv2d of the 3x3 image 1..9 with a 2x2 filter [[1, 0], [0, −1]] and bias", () => {
    const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1], f64);
    const y = conv2d(x, tensor([1, 0, 0, -1], [2, 2, 1, 1], f64), { bias: tensor([0.5], [1], f64) });
    expect(y.shape).toEqual([1, 2, 2, 1]);
    expect(values(y)).toEqual([-3.5, -3.5, -3.5, -3.5]);
  });

  it("conv2d shape errors carry the hint", () => {
    const w = tensor(random(25 * 8), [5, 5, 1, 8], f64);
    expect(() => conv2d(tensor(random(28 * 28), [1, 28, 28], f64), w)).toThrowError(ShapeError);
    expect(() => conv2d(tensor(random(28 * 28), [1, 28, 28], f64), w)).toThrowError("; add a channel axis, e.g. Reshape to [28, 28, 1]");
    expect(() => conv2d(tensor(random(28 * 28 * 2), [1, 28, 28, 2], f64), w)).toThrowError("the input has 2 channels");
    expect(() => conv2d(tensor(random(28 * 28), [1, 28, 28, 1], f64), w, { bias: tensor(random(4), [4], f64) })).toThrowError("conv2d bias expects [8] but got [4]");
    expect(() => conv2d(tensor(random(28 * 28), [1, 28, 28, 1], f64), w, { bias: tensor(random(8), [1, 8], f64) })).toThrowError("conv2d bias expects [8] but got [1, 8]");
  });

  it("maxPool2d and avgPool2d over 2x2 windows", () => {
    const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [1, 4, 4, 1], f64);
    expect(values(maxPool2d(x))).toEqual([6, 8, 14, 16]);
    expect(values(avgPool2d(x))).toEqual([3.5, 5.5, 11.5, 13.5]);
    expect(() => maxPool2d(tensor([1, 2], [2], f64))).toThrowError("maxPool2d expects an NHWC input");
  });
});
