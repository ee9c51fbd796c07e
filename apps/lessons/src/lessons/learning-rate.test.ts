import { beforeAll, describe, expect, it } from "vitest";
import { SMALL_BUDGETS } from "./small-budgets.js";
import { playLesson, type Outcome } from "../lesson.js";
import { expectWellFormedOutputs, testContext, useWasm } from "../test-support.js";
import { learningRate, type LearningRateReport } from "./learning-rate.js";

describe("learning-rate lesson", () => {
  let outcome: Outcome;
  let report: LearningRateReport;
  let conclusion: string;
  let lines: string[];
  beforeAll(async () => {
    await useWasm();
    const ctx = testContext();
    outcome = await playLesson(learningRate, ctx, SMALL_BUDGETS["learning-rate"]);
    ({ report, conclusion } = outcome as Outcome & { report: LearningRateReport });
    lines = ctx.progress.lines;
  });

  it("sweeps at least 6 rates from 1e-4 to 10, evenly on a log scale, in the full lesson", () => {
    const logs = learningRate.budget.rates.map(Math.log10);
    expect(logs.length).toBeGreaterThanOrEqual(6);
    expect(logs[0]).toBeCloseTo(-4, 6);
    expect(logs[logs.length - 1]).toBeCloseTo(1, 6);
    const gaps = logs.slice(1).map((l, i) => l - logs[i]);
    for (const g of gaps) expect(g).toBeCloseTo(gaps[0], 1);
  });

  it("too high diverges (the NaN guard stops it), too low barely moves, in between learns", () => {
    const [tiny, small, good, huge] = report.runs;
    expect(huge).toMatchObject({ lr: 10, diverged: true, finalLoss: null });
    expect(huge.divergedAt).toBeLessThan(100);
    expect(tiny).toMatchObject({ diverged: false, barelyMoved: true });
    expect(tiny.finalLoss).toBeGreaterThan(0.8 * tiny.initialLoss);
    for (const run of [small, good]) expect(run).toMatchObject({ diverged: false, barelyMoved: false });
    expect(good.finalLoss).toBeLessThan(0.5 * good.initialLoss);
  });

  it("starts every rate from the same weights and records each curve", () => {
    expect(new Set(report.runs.map((r) => r.initialLoss)).size).toBe(1);
    // A point per step for the first 10 steps, then a mean of each 10: steps 1–9, 10, 20, … 100.
    expect(report.runs[0].curve.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(report.runs[3].curve[report.runs[3].curve.length - 1].step).toBe(report.runs[3].divergedAt! - 1);
  });

  it("writes plain JSON and a well-formed page", () => expectWellFormedOutputs(outcome));

  it("concludes from this run's numbers and says how each run ended", () => {
    expect(conclusion).toMatch(new RegExp(`lr 10 diverged: the NaN guard stopped it at step ${report.runs[3].divergedAt}`));
    expect(conclusion).toContain("lr 1e-4 (");
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/^lr 10: diverged at step \d+/);
  });
});
