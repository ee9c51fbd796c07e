import { describe, expect, it } from "vitest";
import { playLesson } from "../lesson.js";
import { expectWellFormedOutputs, testContext } from "../test-support.js";
import { gradcheckLesson } from "./gradcheck.js";

describe("gradcheck lesson", async () => {
  const outcome = await playLesson(gradcheckLesson, testContext());
  const { report, conclusion } = outcome;
  const [wrong, right] = report.checks;

  it("fails the transposed weight gradient, and only the weight gradient", () => {
    expect(wrong).toMatchObject({ name: "transposed", passed: false, worst: "fc.weight" });
    expect(wrong.parameters["fc.weight"]).toBeGreaterThan(0.1);
    expect(wrong.input).toBeLessThan(1e-6);
    expect(wrong.parameters["fc.bias"]).toBeLessThan(1e-6);
  });

  it("passes the correct layer", () => {
    expect(right).toMatchObject({ name: "correct", passed: true });
    expect(right.maxError).toBeLessThan(1e-6);
  });

  it("writes plain JSON and a well-formed page", () => expectWellFormedOutputs(outcome));

  it("shows the wrong gradient is the right one's transpose", () => {
    expect(report.example.transposed01).toBeCloseTo(report.example.correct10, 12);
    expect(Math.abs(report.example.correct01 - report.example.correct10)).toBeGreaterThan(0.1);
    expect(conclusion).toContain(`∂L/∂W[0][1] = ${report.example.transposed01.toFixed(4)}`);
    expect(conclusion).toMatch(/^With the transposed weight gradient, gradcheck fails: .*The correct layer passes/);
  });
});
