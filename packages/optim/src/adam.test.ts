import { JsBackend, Parameter } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { fixtureBackends } from "../../../fixtures/pytorch/backends.js";
import { expectChecks, expectClose } from "../../../fixtures/pytorch/fixture.js";
import { loadFixture } from "../../../fixtures/pytorch/load-fixture.js";
import { optimizerChecks } from "../../../fixtures/pytorch/optimizer-cases.js";
import { Adam } from "./adam.js";
import { adamByHand } from "./test-support/reference-updates.js";
import { randomArrays, runSteps } from "./test-support/run-steps.js";

describe("Adam", () => {
  describe.each(fixtureBackends)("on $name", ({ backend, tol }) => {
    it.each(["adam", "adam_l2"])("matches PyTorch's torch.optim.Adam over 3 steps: %s", async (name) => {
      await expectChecks(optimizerChecks(loadFixture("optim", name), backend), tol);
    });
  });

  it.each([
    { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
    { lr: 0.1, beta1: 0.5, beta2: 0.9, eps: 1e-3, weightDecay: 0.05 },
  ])("matches a float64 hand computation over 6 steps: %o", async (o) => {
    const [init, ...grads] = randomArrays(11, 7, 5);
    const actual = await runSteps((ps) => new Adam(ps, o), init, grads, new JsBackend({ dtype: "float64" }));
    adamByHand(init, grads, o, false).forEach((e, i) => expectClose(actual[i], e, 1e-12));
  });

  it("rejects betas outside [0, 1) and a negative eps", () => {
    const ps = [Parameter.fromValues("w", [1], [0], new JsBackend())];
    expect(() => new Adam(ps, { beta1: 1 })).toThrow("Adam: beta1 must be in [0, 1), got 1");
    expect(() => new Adam(ps, { beta2: -0.1 })).toThrow("Adam: beta2 must be in [0, 1), got -0.1");
    expect(() => new Adam(ps, { eps: -1 })).toThrow("Adam: eps must be ≥ 0, got -1");
  });
});
