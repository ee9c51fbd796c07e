import { JsBackend, Parameter } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { fixtureBackends } from "../../../fixtures/pytorch/backends.js";
import { expectChecks, expectClose } from "../../../fixtures/pytorch/fixture.js";
import { loadFixture } from "../../../fixtures/pytorch/load-fixture.js";
import { optimizerChecks } from "../../../fixtures/pytorch/optimizer-cases.js";
import { RMSProp } from "./rmsprop.js";
import { rmspropByHand } from "./test-support/reference-updates.js";
import { randomArrays, runSteps } from "./test-support/run-steps.js";

describe("RMSProp", () => {
  describe.each(fixtureBackends)("on $name", ({ backend, tol }) => {
    it.each(["rmsprop", "rmsprop_wd"])("matches PyTorch's torch.optim.RMSprop over 3 steps: %s", async (name) => {
      await expectChecks(optimizerChecks(loadFixture("optim", name), backend), tol);
    });
  });

  it.each([
    { lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0 },
    { lr: 0.1, alpha: 0.5, eps: 1e-2, weightDecay: 0.3 },
  ])("matches a float64 hand computation over 6 steps: %o", async (o) => {
    const [init, ...grads] = randomArrays(17, 7, 5);
    const actual = await runSteps((ps) => new RMSProp(ps, o), init, grads, new JsBackend({ dtype: "float64" }));
    rmspropByHand(init, grads, o).forEach((e, i) => expectClose(actual[i], e, 1e-12));
  });

  it("rejects alpha outside [0, 1)", () => {
    const ps = [Parameter.fromValues("w", [1], [0], new JsBackend())];
    expect(() => new RMSProp(ps, { alpha: 1 })).toThrow("RMSProp: alpha must be in [0, 1), got 1");
  });
});
