import { memory, randomNormal, Rng, type Shape, type Tensor } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { BaseLayer } from "./base-layer.js";
import { Dense } from "./dense.js";
import { assertGradcheck, gradcheck } from "./gradcheck.js";
import type { LayerConfig } from "./layer.js";

/** y = x², with a backward that forgets the factor 2 when `buggy`. */
class Square extends BaseLayer {
  readonly type = "Square";
  private x: Tensor | null = null;
  constructor(private readonly buggy: boolean) {
    super();
  }
  protected setup(s: Shape): Shape {
    return s;
  }
  protected forwardPass(x: Tensor): Tensor {
    const y = this.cache.get("y", x.shape, x.backend);
    x.backend.unary("square", x.dataId, y.dataId, x.size);
    this.x = x;
    return y;
  }
  protected backwardPass(dy: Tensor): Tensor {
    const x = this.x as Tensor;
    const dx = this.cache.get("dx", x.shape, x.backend);
    x.backend.binary("mul", dy.dataId, dy.shape, x.dataId, x.shape, dx.dataId, dx.shape);
    if (!this.buggy) x.backend.binaryScalar("mul", dx.dataId, 2, dx.dataId, dx.size);
    return dx;
  }
  config(): LayerConfig {
    return { type: this.type, name: this.name };
  }
}

const x = randomNormal([3, 4], 0, 1, { rng: new Rng(1) });

describe("gradcheck", () => {
  it("passes a correct backward (only rounding error left) and fails a wrong one by a wide margin", () => {
    const good = gradcheck(() => new Square(false), x);
    expect(good.input).toBeLessThan(1e-6);
    const bad = gradcheck(() => new Square(true), x);
    expect(bad.input).toBeGreaterThan(0.4); // analytic x·r against numeric 2x·r: relative error 1/2
    expect(bad.worst).toBe("input");
    expect(() => assertGradcheck(bad)).toThrow(/gradient mismatch above 1e-6: input 5\.00e-1/);
  });

  it("frees everything it made for a factory target", () => {
    gradcheck(() => new Dense({ units: 2 }), x); // makes the float64 backend if no test did yet
    const before = memory()["js-f64"];
    gradcheck(() => new Dense({ units: 2 }), x);
    expect(memory()["js-f64"]).toEqual(before);
  });

  it("reports every parameter, accepts an unbuilt layer, refuses one built in float32 and options that give NaN", () => {
    const r = gradcheck(new Dense({ units: 2, name: "fc" }), x, { samples: 3 });
    expect(Object.keys(r.parameters)).toEqual(["fc.weight", "fc.bias"]);
    expect(r.maxError).toBe(Math.max(r.input, ...Object.values(r.parameters)));
    const built = new Dense({ units: 2 });
    built.build([4]);
    expect(() => gradcheck(built, x)).toThrow("parameter 'dense.weight' is float32; pass a factory");
    expect(() => gradcheck(() => new Dense({ units: 2 }), x, { eps: 0 })).toThrow("gradcheck: eps must be a finite number > 0, got 0");
    expect(() => gradcheck(() => new Dense({ units: 2 }), x, { floor: 0 })).toThrow("gradcheck: floor must be a finite number > 0, got 0");
    expect(() => gradcheck(() => new Dense({ units: 2 }), x, { samples: 0 })).toThrow("gradcheck: samples must be a positive integer, got 0");
  });
});
