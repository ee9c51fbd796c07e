import { beforeAll, describe, expect, it } from "vitest";
import { SMALL_BUDGETS } from "./small-budgets.js";
import { playLesson, type Outcome } from "../lesson.js";
import { expectWellFormedOutputs, testContext, useWasm } from "../test-support.js";
import { activations, type ActivationsReport } from "./activations.js";

describe("activations lesson", () => {
  let outcome: Outcome;
  let report: ActivationsReport;
  let conclusion: string;
  beforeAll(async () => {
    await useWasm();
    outcome = await playLesson(activations, testContext(), SMALL_BUDGETS.activations);
    ({ report, conclusion } = outcome as Outcome & { report: ActivationsReport });
  });

  it("the linear stack lands on logistic regression; ReLU goes beyond", () => {
    const acc = Object.fromEntries(report.runs.map((r) => [r.name, r.testAccuracy]));
    expect(Math.abs(acc["linear-deep"] - acc.logistic)).toBeLessThan(0.015);
    expect(acc["relu-deep"] - acc.logistic).toBeGreaterThan(0.02);
  });

  it("the linear stack's ten matrices multiply into one that gives its outputs", () => {
    expect(report.collapsed.shape).toEqual([784, 10]);
    // float32 sums in the stack against float64 in the one matrix: equal to about 4 digits of the logits' scale.
    expect(report.collapsedMatrixError / report.collapsed.maxAbsLogit).toBeLessThan(1e-4);
    expect(report.collapsedMatrixError).toBeGreaterThan(0);
    expect(report.collapsed.agreement).toBeGreaterThanOrEqual(0.999);
    expect(report.collapsed.testAccuracy).toBeCloseTo(report.runs[1].testAccuracy, 2);
  });

  it("writes plain JSON and a well-formed page", () => expectWellFormedOutputs(outcome));

  it("concludes from this run's numbers", () => {
    expect(conclusion).toContain(`${(100 * report.runs[1].testAccuracy).toFixed(2)}%`);
    expect(conclusion).toContain(report.collapsedMatrixError.toExponential(1));
  });
});
