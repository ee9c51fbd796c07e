import { describe, expect, it } from "vitest";
import { stepDecay } from "./decay-schedules.js";
import { linearWarmup } from "./linear-warmup.js";

describe("linearWarmup", () => {
  it("ramps a constant rate up over the warm-up steps, then holds it", () => {
    const s = linearWarmup(4, 0.2);
    expect([0, 1, 2, 3, 4, 100].map(s)).toEqual([0.05, 0.1, 0.15000000000000002, 0.2, 0.2, 0.2]);
  });

  it("hands over to another schedule, which counts its steps from the end of the warm-up", () => {
    const s = linearWarmup(10, stepDecay(1, { stepSize: 5, gamma: 0.5 }));
    expect(s(0)).toBeCloseTo(0.1, 15);
    expect(s(9)).toBeCloseTo(1, 15);
    expect(s(10)).toBe(1); // stepDecay at its step 0
    expect(s(14)).toBe(1);
    expect(s(15)).toBe(0.5); // stepDecay at its step 5
  });

  it("with no warm-up is the schedule itself", () => {
    const inner = stepDecay(1, { stepSize: 2 });
    const s = linearWarmup(0, inner);
    expect([0, 1, 2, 7].map(s)).toEqual([0, 1, 2, 7].map(inner));
  });

  it("rejects a negative warm-up and a target rate that is not a finite number ≥ 0", () => {
    expect(() => linearWarmup(-1, 0.1)).toThrow("linearWarmup: warmupSteps must be ≥ 0, got -1");
    expect(() => linearWarmup(5, NaN)).toThrow("linearWarmup: then must be ≥ 0, got NaN");
  });
});
