import { describe, expect, it } from "vitest";
import { expectClose } from "../../../fixtures/pytorch/fixture.js";
import { loadFixture } from "../../../fixtures/pytorch/load-fixture.js";
import { oneCycle } from "./one-cycle.js";

describe("oneCycle", () => {
  it("matches PyTorch's OneCycleLR (cosine annealing)", () => {
    const { config, tensors } = loadFixture("schedules", "one_cycle");
    const c = config as Record<string, number>;
    const s = oneCycle(c.maxLr, { totalSteps: c.totalSteps, pctStart: c.pctStart, divFactor: c.divFactor, finalDivFactor: c.finalDivFactor });
    expectClose(tensors.lr.data.map((_, step) => s(step)), tensors.lr.data, 1e-10);
  });

  it("rises from maxLr/divFactor to maxLr at step pctStart·T − 1, falls to the floor at T − 1 and stays", () => {
    const s = oneCycle(1, { totalSteps: 101, pctStart: 0.2, divFactor: 10, finalDivFactor: 100 });
    // Rise over steps 0..19.2, fall over 19.2..100.
    expect(s(0)).toBeCloseTo(0.1, 15);
    expect(s(9.6)).toBeCloseTo((0.1 + 1) / 2, 15);
    expect(s(19.2)).toBeCloseTo(1, 15);
    expect(s(59.6)).toBeCloseTo((1 + 0.001) / 2, 15);
    expect(s(100)).toBeCloseTo(0.001, 15);
    expect(s(500)).toBeCloseTo(0.001, 15);
  });

  it("rejects a cycle with no room to rise or fall", () => {
    expect(() => oneCycle(0.1, { totalSteps: 10, pctStart: 0.05 })).toThrow(/leave at least one step to rise and one to fall/);
    expect(() => oneCycle(0.1, { totalSteps: 10, pctStart: 1 })).toThrow(/leave at least one step to rise and one to fall/);
  });
});
