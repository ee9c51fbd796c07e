import { Rng } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { Conv2D } from "./conv2d.js";
import { Dense } from "./dense.js";
import { constant, fans, glorotNormal, glorotUniform, heNormal, heUniform, initialize, lecunNormal, type Initializer } from "./initializers.js";

function moments(v: Float64Array) {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length;
  return { mean, variance, min: Math.min(...v), max: Math.max(...v) };
}

describe("initializers", () => {
  it("compute fans as PyTorch does for our layouts", () => {
    expect(fans([784, 128])).toEqual({ fanIn: 784, fanOut: 128 });
    expect(fans([5, 5, 3, 8])).toEqual({ fanIn: 75, fanOut: 200 }); // OIHW [8, 3, 5, 5]: fan_in = 3·25, fan_out = 8·25
    expect(fans([16])).toEqual({ fanIn: 16, fanOut: 16 });
  });

  // 120 000 samples: the sample variance is within 1.5% of the true one (about 4 standard errors).
  const shape = [400, 300];
  const cases: [Initializer, number, number | null][] = [
    [heNormal(), 2 / 400, null],
    [heUniform(), 2 / 400, Math.sqrt(6 / 400)],
    [glorotNormal(), 2 / 700, null],
    [glorotUniform(), 2 / 700, Math.sqrt(6 / 700)],
    [lecunNormal(), 1 / 400, null],
  ];
  for (const [init, variance, limit] of cases) {
    it(`${init.name} has mean 0 and variance ${variance.toPrecision(3)}${limit ? " within its limits" : ""}`, () => {
      const m = moments(init.values(shape, new Rng(1)));
      expect(Math.abs(m.mean)).toBeLessThan(4 * Math.sqrt(variance / 120000));
      expect(Math.abs(m.variance / variance - 1)).toBeLessThan(0.015);
      if (limit) expect(m.min >= -limit && m.max < limit).toBe(true);
    });
  }

  it("are reproducible from the seed and are the layers' defaults", () => {
    expect(initialize("heNormal", [3, 4], new Rng(5))).toEqual(initialize(heNormal(), [3, 4], new Rng(5)));
    const dense = new Dense({ units: 4, rng: new Rng(5) });
    dense.build([3]);
    const [w, b] = dense.parameters().map((p) => p.value.dataSync());
    expect(Array.from(w)).toEqual(Array.from(Float32Array.from(initialize("heNormal", [3, 4], new Rng(5)))));
    expect(Array.from(b)).toEqual([0, 0, 0, 0]);
    const conv = new Conv2D({ filters: 2, kernelSize: 3, kernelInitializer: "glorotUniform", biasInitializer: constant(0.5), rng: new Rng(6) });
    conv.build([5, 5, 1]);
    const [cw, cb] = conv.parameters().map((p) => p.value.dataSync());
    expect(Array.from(cw)).toEqual(Array.from(Float32Array.from(glorotUniform().values([3, 3, 1, 2], new Rng(6)))));
    expect(Array.from(cb)).toEqual([0.5, 0.5]);
  });

  it("rejects an unknown name, listing the known ones", () => {
    expect(() => initialize("kaiming" as never, [2], new Rng(1))).toThrow("unknown initializer 'kaiming'; use one of heNormal, heUniform");
  });
});
