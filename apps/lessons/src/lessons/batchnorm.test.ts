import { beforeAll, describe, expect, it } from "vitest";
import { SMALL_BUDGETS } from "./small-budgets.js";
import { playLesson, type Outcome } from "../lesson.js";
import { expectWellFormedOutputs, testContext, useWasm } from "../test-support.js";
import { batchnorm, type BatchnormReport, type BatchnormRun } from "./batchnorm.js";

// A small network and a lower target than the lesson's (4×64 units, 90% on 500 images), so it runs in a second.
const SMALL = SMALL_BUDGETS.batchnorm;

describe("batchnorm lesson", () => {
  let outcome: Outcome;
  let report: BatchnormReport;
  let conclusion: string;
  let find: (bn: boolean, lr: number) => BatchnormRun;
  beforeAll(async () => {
    await useWasm();
    outcome = await playLesson(batchnorm, testContext(), SMALL);
    ({ report, conclusion } = outcome as Outcome & { report: BatchnormReport });
    find = (bn, lr) => report.runs.find((r) => r.batchnorm === bn && r.lr === lr)!;
  });

  it("with BatchNorm the target comes in at most 0.7x the steps at the base rate", () => {
    const [plain, bn] = [find(false, SMALL.baseLr), find(true, SMALL.baseLr)];
    expect(plain.stepsToTarget).not.toBeNull();
    expect(bn.stepsToTarget).not.toBeNull();
    expect(bn.stepsToTarget!).toBeLessThanOrEqual(0.7 * plain.stepsToTarget!);
  });

  it("at the high rate only the BatchNorm network reaches it", () => {
    expect(find(false, SMALL.highLr).stepsToTarget).toBeNull();
    expect(find(false, SMALL.highLr).divergedAt).not.toBeNull();
    expect(find(true, SMALL.highLr).stepsToTarget).not.toBeNull();
  });

  it("records each held-out curve up to the step that reached the target", () => {
    for (const run of report.runs.filter((r) => r.stepsToTarget !== null)) {
      const last = run.curve[run.curve.length - 1];
      expect(last).toEqual({ step: run.stepsToTarget, accuracy: expect.any(Number) });
      expect(last.accuracy).toBeGreaterThanOrEqual(SMALL.target);
      expect(run.curve.slice(0, -1).every((p) => p.accuracy < SMALL.target)).toBe(true);
      expect(run.curve.map((p) => p.step)).toEqual(run.curve.map((_, i) => SMALL.evalEvery * (i + 1)));
    }
  });

  it("writes plain JSON and a well-formed page", () => expectWellFormedOutputs(outcome));

  it("concludes from this run's numbers", () => {
    const [plain, bn] = [find(false, SMALL.baseLr), find(true, SMALL.baseLr)];
    expect(conclusion).toContain(`(${(bn.stepsToTarget! / plain.stepsToTarget!).toFixed(2)}x the steps)`);
    expect(conclusion).toContain(`diverged at step ${find(false, SMALL.highLr).divergedAt}`);
  });
});
