import { describe, expect, it } from "vitest";
import { NonFiniteError } from "./non-finite-error.js";

const base = { step: 12, epoch: 0, learningRate: 10, layer: "fc1", parameter: "fc1.weight" };

describe("NonFiniteError", () => {
  it("names the step, loss, learning rate and layer, and blames the learning rate when the loss was climbing", () => {
    const e = new NonFiniteError({ ...base, loss: NaN, recentLosses: [2.3, 4.1, 19.5] });
    expect(e.name).toBe("NonFiniteError");
    expect(e.diverged).toBe(true);
    expect(e.message).toContain("step 12");
    expect(e.message).toContain("loss NaN");
    expect(e.message).toContain("learning rate 10");
    expect(e.message).toContain("layer 'fc1' (fc1.weight)");
    expect(e.message).toContain("2.3 → 4.1 → 19.5");
    expect(e.message).toContain("try 1 or lower");
  });

  it("calls an infinite loss divergence", () => {
    expect(new NonFiniteError({ ...base, loss: Infinity, recentLosses: [2.3] }).diverged).toBe(true);
  });

  it("points at the inputs when nothing was climbing", () => {
    const e = new NonFiniteError({ ...base, step: 1, loss: NaN, layer: null, parameter: null, recentLosses: [] });
    expect(e.diverged).toBe(false);
    expect(e.message).toContain("the loss is not finite");
    expect(e.message).toContain("check the inputs");
    expect(e.message).not.toContain("layer '");
  });

  it("says a gradient went bad when the loss is finite", () => {
    const e = new NonFiniteError({ ...base, loss: 0.7, recentLosses: [0.8, 0.75] });
    expect(e.message).toContain("a gradient is not finite");
    expect(e.diverged).toBe(false);
  });
});
