import { describe, expect, it } from "vitest";
import { expectClose } from "../../../fixtures/pytorch/fixture.js";
import { loadFixture } from "../../../fixtures/pytorch/load-fixture.js";
import { cosineDecay, exponentialDecay, stepDecay } from "./decay-schedules.js";
import type { LrSchedule } from "./lr-schedule.js";

/** The schedule's rate at steps 0..n-1 next to PyTorch's scheduler. */
function expectFixture(name: string, make: (config: Record<string, number>) => LrSchedule): void {
  const { config, tensors } = loadFixture("schedules", name);
  const schedule = make(config as Record<string, number>);
  expectClose(tensors.lr.data.map((_, step) => schedule(step)), tensors.lr.data, 1e-10);
}

describe("stepDecay", () => {
  it("matches PyTorch's StepLR", () => {
    expectFixture("step_decay", (c) => stepDecay(c.initialLr, { stepSize: c.stepSize, gamma: c.gamma }));
  });

  it("is initialLr · gamma^⌊step / stepSize⌋", () => {
    const s = stepDecay(0.2, { stepSize: 1000 });
    expect([0, 999, 1000, 2999, 3000].map(s)).toEqual([0.2, 0.2, 0.2 * 0.1, 0.2 * 0.1 ** 2, 0.2 * 0.1 ** 3]);
  });

  it("rejects a step size below 1", () => {
    expect(() => stepDecay(0.1, { stepSize: 0 })).toThrow("stepDecay: stepSize must be ≥ 1, got 0");
  });
});

describe("exponentialDecay", () => {
  it("matches PyTorch's ExponentialLR", () => {
    expectFixture("exponential_decay", (c) => exponentialDecay(c.initialLr, { rate: c.rate }));
  });

  it("is initialLr · rate^(step / decaySteps)", () => {
    const s = exponentialDecay(0.01, { rate: 0.5, decaySteps: 2000 });
    expect(s(0)).toBe(0.01);
    expect(s(1000)).toBeCloseTo(0.01 / Math.SQRT2, 15);
    expect(s(2000)).toBeCloseTo(0.005, 15);
    expect(s(6000)).toBeCloseTo(0.00125, 15);
  });

  it("rejects decaySteps ≤ 0", () => {
    expect(() => exponentialDecay(0.1, { rate: 0.5, decaySteps: 0 })).toThrow("exponentialDecay: decaySteps must be > 0, got 0");
  });
});

describe("cosineDecay", () => {
  it("matches PyTorch's CosineAnnealingLR", () => {
    expectFixture("cosine_decay", (c) => cosineDecay(c.initialLr, { totalSteps: c.totalSteps, minLr: c.minLr }));
  });

  it("runs half a cosine from initialLr to minLr and holds there", () => {
    const s = cosineDecay(0.1, { totalSteps: 100, minLr: 0.01 });
    expect(s(0)).toBeCloseTo(0.1, 15);
    expect(s(25)).toBeCloseTo(0.01 + 0.09 * (1 + Math.SQRT1_2) / 2, 15);
    expect(s(50)).toBeCloseTo(0.055, 15);
    expect(s(100)).toBeCloseTo(0.01, 15);
    expect(s(250)).toBeCloseTo(0.01, 15);
  });
});
