// Test helper (not exported by the package): the checks every elementwise activation layer gets.
import { randomNormal, Rng } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import type { ActivationLayer } from "./activation.js";
import { assertGradcheck, gradcheck } from "./gradcheck.js";

/** Forward against `reference` (an independent float64 formula), the cached output, and gradcheck. */
export function describeActivation(make: () => ActivationLayer, reference: (x: number) => number): void {
  const type = make().type;
  describe(type, () => {
    it("computes y = f(x) elementwise and keeps y as its output", () => {
      const x = randomNormal([3, 2, 5], 0, 2, { rng: new Rng(1) });
      const layer = make();
      const y = layer.forward(x, false);
      expect(layer.output).toBe(y);
      const xs = x.dataSync();
      y.dataSync().forEach((v, i) => expect(v).toBeCloseTo(reference(xs[i]), 6));
    });

    it("passes gradcheck, batch 1 and odd sizes", () => {
      assertGradcheck(gradcheck(make, randomNormal([4, 7], 0, 2, { rng: new Rng(2) })));
      assertGradcheck(gradcheck(make, randomNormal([1, 3, 3, 2], 0, 2, { rng: new Rng(3) })));
    });
  });
}
