import { describe, expect, it } from "vitest";
import { JsBackend } from "../js/js-backend.js";
import { tensor } from "./creation.js";
import { argmax, max, mean, min, sum } from "./reduce.js";

const f64 = new JsBackend({ dtype: "float64" });
// x[i, j, k] = 100·i + 10·j + k for a [2, 3, 4] tensor: every sum below is simple arithmetic
const x = tensor(Array.from({ length: 24 }, (_, n) => 100 * Math.floor(n / 12) + 10 * Math.floor((n % 12) / 4) + (n % 4)), [2, 3, 4], f64);
const values = (t: { dataSync(): ArrayLike<number> }) => Array.from(t.dataSync());

describe("reductions", () => {
  it("sum over all axes, one axis, and non-contiguous axes", () => {
    // Σ 100i = 100·12, Σ 10j = 10·(0+1+2)·8, Σ k = (0+1+2+3)·6
    expect(values(sum(x))).toEqual([1200 + 240 + 36]);
    expect(sum(x).shape).toEqual([]);
    // over j: 3·(100i + k) + 30
    expect(values(sum(x, { axis: 1 }))).toEqual([30, 33, 36, 39, 330, 333, 336, 339]);
    // over i and k: Σ_i Σ_k = 4·100 + 2·(4·10j) + 2·6
    expect(values(sum(x, { axis: [0, 2] }))).toEqual([412, 492, 572]);
    expect(values(sum(x, { axis: [-1, 0] }))).toEqual([412, 492, 572]);
  });

  it("keepDims leaves size-1 axes", () => {
    const m = mean(x, { axis: [0, 2], keepDims: true });
    expect(m.shape).toEqual([1, 3, 1]);
    expect(values(m)).toEqual([412 / 8, 492 / 8, 572 / 8]);
    expect(max(x, { axis: -1, keepDims: true }).shape).toEqual([2, 3, 1]);
  });

  it("max, min, mean", () => {
    expect(values(max(x, { axis: 0 }))).toEqual(values(x).slice(12));
    expect(values(min(x, { axis: [1, 2] }))).toEqual([0, 100]);
    expect(values(mean(x))).toEqual([(1200 + 240 + 36) / 24]);
  });

  it("argmax along the last axis by default, ties to the first", () => {
    const logits = tensor([0.1, 0.7, 0.2, 3, 3, -1], [2, 3], f64);
    expect(values(argmax(logits))).toEqual([1, 0]);
    expect(values(argmax(logits, 0))).toEqual([1, 1, 0]);
    expect(argmax(x, 1).shape).toEqual([2, 4]);
  });

  it("an out-of-range axis names the op", () => {
    expect(() => sum(x, { axis: 3 })).toThrowError("sum expects axes within [-3, 2] but got [2, 3, 4]; axis 3 is out of range");
    expect(() => argmax(x, -4)).toThrowError("argmax expects axes within [-3, 2]");
  });
});
