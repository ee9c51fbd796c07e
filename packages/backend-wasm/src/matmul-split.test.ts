import { describe, expect, it } from "vitest";
import { splitMatmul } from "./matmul-split.js";

describe("splitMatmul", () => {
  it("splits k when both operands are long and C is small (a Dense forward)", () => {
    const { axis, shares } = splitMatmul(128, 128, 784, 2);
    expect(axis).toBe("k");
    expect(shares.map((s) => [s.k0, s.k1])).toEqual([[0, 392], [392, 784]]);
    expect(shares.every((s) => s.i0 === 0 && s.i1 === 128 && s.n0 === 0 && s.n1 === 128)).toBe(true);
  });

  it("splits rows when A is tall and B small (a Dense weight gradient)", () => {
    const { axis, shares } = splitMatmul(784, 128, 128, 2);
    expect(axis).toBe("rows");
    expect(shares.map((s) => [s.i0, s.i1])).toEqual([[0, 392], [392, 784]]);
  });

  it("splits columns when B is wide and A small", () => {
    const { axis, shares } = splitMatmul(64, 1024, 64, 2);
    expect(axis).toBe("cols");
    expect(shares.map((s) => [s.n0, s.n1])).toEqual([[0, 512], [512, 1024]]);
  });

  it("cuts at grain multiples and covers the axis exactly once", () => {
    for (const [m, n, k, t] of [[130, 9, 50, 2], [7, 100, 3, 3], [1000, 16, 8, 2], [33, 33, 1000, 3]]) {
      const { axis, shares } = splitMatmul(m, n, k, t);
      expect(shares.length).toBeLessThanOrEqual(t);
      const [lo, hi, len, grain] = axis === "rows" ? ["i0", "i1", m, 4] : axis === "cols" ? ["n0", "n1", n, 8] : ["k0", "k1", k, 8];
      expect(shares[0][lo as "i0"]).toBe(0);
      expect(shares.at(-1)![hi as "i1"]).toBe(len);
      shares.forEach((s, i) => {
        if (i > 0) expect(s[lo as "i0"]).toBe(shares[i - 1][hi as "i1"]);
        if (i + 1 < shares.length) expect(s[hi as "i1"] % grain).toBe(0);
      });
    }
  });

  it("keeps one share when no axis has room for two grains, or for one thread", () => {
    expect(splitMatmul(4, 8, 8, 2).shares).toEqual([{ i0: 0, i1: 4, n0: 0, n1: 8, k0: 0, k1: 8 }]);
    expect(splitMatmul(512, 512, 512, 1).shares).toHaveLength(1);
  });
});
