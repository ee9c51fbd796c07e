import { beforeAll, describe, expect, it } from "vitest";
import { SMALL_BUDGETS } from "./small-budgets.js";
import { playLesson, type Outcome } from "../lesson.js";
import { expectWellFormedOutputs, testContext, useWasm } from "../test-support.js";
import { gradients, type GradientsReport, type GradientsRunName } from "./gradients.js";

describe("gradients lesson", () => {
  let outcome: Outcome;
  let report: GradientsReport;
  let charts: string[];
  beforeAll(async () => {
    await useWasm();
    outcome = await playLesson(gradients, testContext(), SMALL_BUDGETS.gradients);
    ({ report, charts } = outcome as Outcome & { report: GradientsReport });
  });

  const firstOverLast = (name: GradientsRunName) => {
    const norms = report.runs.find((r) => r.name === name)!.gradNorms;
    return norms[0] / norms[norms.length - 1];
  };

  it("measures every layer with weights, first to last, at step 1 and every 20 steps", () => {
    expect(report.layers).toEqual(["fc1", "fc2", "fc3", "fc4", "fc5", "fc6", "fc7", "fc8", "logits"]);
    for (const run of report.runs) {
      expect(run.gradNorms).toHaveLength(9);
      expect(run.samples.map((s) => s.step)).toEqual([1, 20, 40]);
      expect(run.samples[0].gradNorms).toEqual(run.gradNorms);
    }
  });

  it("the gradient vanishes toward the input with sigmoid, flows with ReLU and He, explodes with large weights", () => {
    expect(firstOverLast("sigmoid")).toBeLessThan(1e-2);
    expect(firstOverLast("relu-he")).toBeGreaterThan(0.2);
    expect(firstOverLast("relu-he")).toBeLessThan(5);
    expect(firstOverLast("exploding")).toBeGreaterThan(100);
  });

  it("writes plain JSON and a well-formed page", () => expectWellFormedOutputs(outcome));

  it("draws the step-1 norms and one heat map per network", () => {
    expect(charts).toHaveLength(4);
    for (const name of ["sigmoid", "relu-he", "exploding"]) expect(charts.some((c) => c.includes(`${name}: ‖∂L/∂W‖ by layer and step`))).toBe(true);
  });
});
