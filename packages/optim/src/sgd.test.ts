import { JsBackend, Parameter } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { fixtureBackends } from "../../../fixtures/pytorch/backends.js";
import { expectChecks, expectClose } from "../../../fixtures/pytorch/fixture.js";
import { loadFixture } from "../../../fixtures/pytorch/load-fixture.js";
import { optimizerChecks } from "../../../fixtures/pytorch/optimizer-cases.js";
import { SGD } from "./sgd.js";
import { sgdByHand } from "./test-support/reference-updates.js";
import { randomArrays, runSteps } from "./test-support/run-steps.js";

describe("SGD", () => {
  describe.each(fixtureBackends)("on $name", ({ backend, tol }) => {
    it.each(["sgd_momentum", "sgd_nesterov"])("matches PyTorch's torch.optim.SGD over 3 steps: %s", async (name) => {
      await expectChecks(optimizerChecks(loadFixture("optim", name), backend), tol);
    });
  });

  it.each([
    { lr: 0.1, momentum: 0, nesterov: false, weightDecay: 0 },
    { lr: 0.05, momentum: 0, nesterov: false, weightDecay: 0.01 },
    { lr: 0.1, momentum: 0.9, nesterov: false, weightDecay: 1e-3 },
    { lr: 0.02, momentum: 0.5, nesterov: true, weightDecay: 0.1 },
  ])("matches a float64 hand computation over 5 steps: %o", async (o) => {
    const [init, ...grads] = randomArrays(7, 6, 8);
    const actual = await runSteps((ps) => new SGD(ps, o), init, grads, new JsBackend({ dtype: "float64" }));
    sgdByHand(init, grads, o).forEach((e, i) => expectClose(actual[i], e, 1e-12));
  });

  it("keeps no velocity without momentum and one per parameter with it", () => {
    const b = new JsBackend();
    const before = b.memory().buffers;
    const plain = new SGD(runParams(b), { lr: 0.1 });
    expect(b.memory().buffers - before).toBe(4); // two parameters' values and gradients
    const heavy = new SGD(plain.params, { lr: 0.1, momentum: 0.9 });
    expect(b.memory().buffers - before).toBe(6);
    heavy.dispose();
    expect(b.memory().buffers - before).toBe(4);
  });

  it("rejects bad options", () => {
    const b = new JsBackend();
    expect(() => new SGD(runParams(b), { nesterov: true })).toThrow("SGD: nesterov needs a momentum > 0");
    expect(() => new SGD(runParams(b), { momentum: 1 })).toThrow("SGD: momentum must be in [0, 1), got 1");
    expect(() => new SGD(runParams(b), { lr: -1 })).toThrow("SGD: lr must be ≥ 0, got -1");
    expect(() => new SGD(runParams(b), { weightDecay: NaN })).toThrow(/weightDecay must be ≥ 0, got NaN/);
  });
});

function runParams(b: JsBackend) {
  return [[2, 3], [3]].map((shape, i) => Parameter.fromValues(`p${i}`, shape, undefined, b));
}
