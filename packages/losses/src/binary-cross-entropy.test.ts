import { JsBackend, ShapeError, tensor } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { BinaryCrossEntropy } from "./binary-cross-entropy.js";
import { fixtureBackends } from "../../../fixtures/pytorch/backends.js";
import { expectChecks, expectClose } from "../../../fixtures/pytorch/fixture.js";
import { loadFixture } from "../../../fixtures/pytorch/load-fixture.js";
import { lossChecks } from "../../../fixtures/pytorch/loss-cases.js";
import { lossGradients } from "./test-support/numeric-gradient.js";

describe("BinaryCrossEntropy", () => {
  it.each(fixtureBackends)("matches PyTorch's binary_cross_entropy_with_logits and its gradient on $name", async ({ backend, tol }) => {
    await expectChecks(lossChecks(loadFixture("losses", "bce_logits"), backend), tol);
  });

  it("has the gradient of central differences (float64)", () => {
    const b = new JsBackend({ dtype: "float64" });
    const target = tensor([0, 1, 0.3, 1, 0, 0.8], [3, 2], b);
    const { analytic, numeric } = lossGradients(new BinaryCrossEntropy(), [0.5, -2, 1.3, 4, -0.2, 0], [3, 2], target);
    expectClose(analytic, numeric, 1e-8);
  });

  it("equals −mean(t·log σ(x) + (1 − t)·log(1 − σ(x))) for moderate logits", () => {
    const b = new JsBackend({ dtype: "float64" });
    const x = [0.5, -2, 1.3];
    const t = [0, 1, 0.3];
    const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
    const expected = -x.reduce((s, v, i) => s + t[i] * Math.log(sigmoid(v)) + (1 - t[i]) * Math.log(1 - sigmoid(v)), 0) / 3;
    expect(new BinaryCrossEntropy().forward(tensor(x, [3], b), tensor(t, [3], b)).dataSync()[0]).toBeCloseTo(expected, 12);
  });

  it("stays finite for logits of ±1000", () => {
    const b = new JsBackend();
    const bce = new BinaryCrossEntropy();
    // Confidently right costs e^−1000 ≈ 0; confidently wrong costs the logit's size.
    const value = bce.forward(tensor([1000, -1000, 1000, -1000], [4], b), tensor([1, 0, 0, 1], [4], b)).dataSync()[0];
    expect(value).toBeCloseTo((0 + 0 + 1000 + 1000) / 4, 3);
    expectClose(bce.backward().dataSync(), [0, 0, 1 / 4, -1 / 4]);
  });

  it("rejects targets of another shape with a hint", () => {
    const b = new JsBackend();
    const call = () => new BinaryCrossEntropy().forward(tensor([1, 2], [2, 1], b), tensor([0, 1, 0, 1], [2, 2], b));
    expect(call).toThrow(ShapeError);
    expect(call).toThrow("binaryCrossEntropy expects targets shaped like the logits [2, 1] but got [2, 2]; give one 0/1 label (or probability) per logit; for one-hot classes use SoftmaxCrossEntropy");
  });
});
