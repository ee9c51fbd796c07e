import { JsBackend, ShapeError, tensor } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { MeanSquaredError } from "./mean-squared-error.js";
import { fixtureBackends } from "../../../fixtures/pytorch/backends.js";
import { expectChecks, expectClose } from "../../../fixtures/pytorch/fixture.js";
import { loadFixture } from "../../../fixtures/pytorch/load-fixture.js";
import { lossChecks } from "../../../fixtures/pytorch/loss-cases.js";
import { lossGradients } from "./test-support/numeric-gradient.js";

describe("MeanSquaredError", () => {
  it.each(fixtureBackends)("matches PyTorch's mse_loss and its gradient on $name", async ({ backend, tol }) => {
    await expectChecks(lossChecks(loadFixture("losses", "mse"), backend), tol);
  });

  it("has the gradient of central differences (float64)", () => {
    const b = new JsBackend({ dtype: "float64" });
    const pred = [0.3, -1.2, 2.5, 0.7, -0.4, 1.1];
    const target = tensor([0.1, -1, 3, 0, 0.2, 1.5], [2, 3], b);
    const { analytic, numeric } = lossGradients(new MeanSquaredError(), pred, [2, 3], target);
    expectClose(analytic, numeric, 1e-8);
  });

  it("computes mean((p − t)²) over every element", () => {
    const b = new JsBackend({ dtype: "float64" });
    const value = new MeanSquaredError().forward(tensor([1, 2, 3, 4], [2, 2], b), tensor([0, 2, 5, 1], [2, 2], b));
    expect(value.dataSync()[0]).toBeCloseTo((1 + 0 + 4 + 9) / 4, 12);
  });

  it("rejects a target of another shape with a hint", () => {
    const b = new JsBackend();
    const mse = new MeanSquaredError();
    expect(() => mse.forward(tensor([1, 2], [2, 1], b), tensor([1, 2], [2], b))).toThrow(ShapeError);
    expect(() => mse.forward(tensor([1, 2], [2, 1], b), tensor([1, 2], [2], b))).toThrow(/meanSquaredError expects a target shaped like the prediction \[2, 1\] but got \[2\]/);
  });
});
