import { memory, ones, randomNormal, Rng } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { Dropout } from "./dropout.js";
import { assertGradcheck, gradcheck } from "./gradcheck.js";

describe("Dropout", () => {
  it("keeps about 1 − p of the elements, scaled by 1/(1 − p), and draws the mask from its generator", () => {
    const x = ones([100, 100]);
    const y = new Dropout({ rate: 0.3, rng: new Rng(1) }).forward(x, true).dataSync();
    const kept = y.filter((v) => v !== 0);
    expect(kept.every((v) => Math.abs(v - 1 / 0.7) < 1e-6)).toBe(true);
    expect(Math.abs(kept.length / 10000 - 0.7)).toBeLessThan(0.02); // 0.02 ≈ 4.4 standard deviations of the kept fraction
    const rng = new Rng(1);
    const expected = Float32Array.from({ length: 10000 }, () => (rng.next() < 0.3 ? 0 : 1 / 0.7));
    expect(Array.from(y)).toEqual(Array.from(expected));
  });

  it("is the identity at inference and passes dy through unchanged", () => {
    const x = randomNormal([3, 4], 0, 1, { rng: new Rng(2) });
    const layer = new Dropout({ rate: 0.5 });
    expect(layer.forward(x, false)).toBe(x);
    expect(layer.backward(x)).toBe(x);
  });

  it("multiplies dy by the same mask, passing gradcheck with the mask held fixed", () => {
    const rng = new Rng(3);
    assertGradcheck(gradcheck(() => new Dropout({ rate: 0.4, rng }), randomNormal([2, 3, 3, 2], 0, 1, { rng: new Rng(4) }), { beforeForward: () => rng.seed(7) }));
    assertGradcheck(gradcheck(() => new Dropout({ rate: 0.5, rng }), randomNormal([1, 5], 0, 1, { rng: new Rng(5) }), { beforeForward: () => rng.seed(8) }));
  });

  it("makes no tensors after the first step and rejects a rate outside [0, 1)", () => {
    const layer = new Dropout({ rate: 0.5, rng: new Rng(6) });
    const x = ones([4, 4]);
    layer.backward(layer.forward(x, true));
    const before = memory().js.tensors;
    layer.backward(layer.forward(x, true));
    expect(memory().js.tensors).toBe(before);
    expect(() => new Dropout({ rate: 1 })).toThrow(RangeError);
  });
});
