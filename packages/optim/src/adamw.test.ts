import { JsBackend, Parameter } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { fixtureBackends } from "../../../fixtures/pytorch/backends.js";
import { expectChecks, expectClose } from "../../../fixtures/pytorch/fixture.js";
import { loadFixture } from "../../../fixtures/pytorch/load-fixture.js";
import { optimizerChecks } from "../../../fixtures/pytorch/optimizer-cases.js";
import { AdamW } from "./adamw.js";
import { adamByHand } from "./test-support/reference-updates.js";
import { randomArrays, runSteps } from "./test-support/run-steps.js";

describe("AdamW", () => {
  it.each(fixtureBackends)("matches PyTorch's torch.optim.AdamW over 3 steps on $name", async ({ backend, tol }) => {
    await expectChecks(optimizerChecks(loadFixture("optim", "adamw"), backend), tol);
  });

  it("matches a float64 hand computation with decoupled decay over 6 steps", async () => {
    const o = { lr: 0.05, beta1: 0.9, beta2: 0.99, eps: 1e-6, weightDecay: 0.2 };
    const [init, ...grads] = randomArrays(13, 7, 5);
    const actual = await runSteps((ps) => new AdamW(ps, o), init, grads, new JsBackend({ dtype: "float64" }));
    adamByHand(init, grads, o, true).forEach((e, i) => expectClose(actual[i], e, 1e-12));
  });

  it("decays by 0.01 unless told otherwise and names itself in errors", () => {
    const ps = [Parameter.fromValues("w", [1], [0], new JsBackend())];
    expect(new AdamW(ps).weightDecay).toBe(0.01);
    expect(new AdamW(ps, { weightDecay: 0 }).weightDecay).toBe(0);
    expect(() => new AdamW(ps, { beta1: 2 })).toThrow("AdamW: beta1 must be in [0, 1), got 2");
  });

  it("shrinks a weight whose gradient is zero, unlike Adam's L2 term which stays in the moments", async () => {
    // With g = 0 the Adam part is 0/(0 + eps) = 0, so only p *= 1 − lr·wd remains.
    const [after] = await runSteps((ps) => new AdamW(ps, { lr: 0.1, weightDecay: 0.5 }), [2, -4], [[0, 0]], new JsBackend({ dtype: "float64" }));
    expect(Array.from(after)).toEqual([2 * 0.95, -4 * 0.95]);
  });
});
