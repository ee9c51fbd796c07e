import { describe, expect, it } from "vitest";
import { describeActivation } from "./activation-suite.js";
import { LeakyReLU } from "./leaky-relu.js";

describeActivation(() => new LeakyReLU({ alpha: 0.2 }), (x) => (x > 0 ? x : 0.2 * x));

describe("LeakyReLU options", () => {
  it("defaults to PyTorch's slope 0.01, keeps alpha in its config and rejects a negative slope", () => {
    expect(new LeakyReLU().negativeSlope).toBe(0.01);
    expect(new LeakyReLU({ alpha: 0.3, name: "act" }).config()).toEqual({ type: "LeakyReLU", name: "act", alpha: 0.3 });
    expect(() => new LeakyReLU({ alpha: -1 })).toThrow("alpha must be ≥ 0");
  });
});
