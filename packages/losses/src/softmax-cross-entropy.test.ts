import { JsBackend, ShapeError, tensor } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { SoftmaxCrossEntropy } from "./softmax-cross-entropy.js";
import { TargetError } from "./target-error.js";
import { fixtureBackends } from "../../../fixtures/pytorch/backends.js";
import { expectChecks, expectClose } from "../../../fixtures/pytorch/fixture.js";
import { loadFixture } from "../../../fixtures/pytorch/load-fixture.js";
import { lossChecks } from "../../../fixtures/pytorch/loss-cases.js";
import { lossGradients } from "./test-support/numeric-gradient.js";

describe("SoftmaxCrossEntropy", () => {
  describe.each(fixtureBackends)("on $name", ({ backend: b, tol }) => {
    it.each([1.5, -1, 4, NaN])("makes the loss and only that row's gradient NaN for the class index %s, and checkTargets names it", async (bad) => {
      const ce = new SoftmaxCrossEntropy();
      const labels = tensor([2, bad, 0], [3], b);
      const loss = ce.forward(tensor([0.2, -1.3, 2.1, 0.4, 1.5, -0.7, -2, 0.3, 0.9, 0.1, 0.1, -0.4], [3, 4], b), labels);
      expect((await loss.data())[0]).toBeNaN();
      const grad = Array.from(await ce.backward().data());
      expect(grad.slice(4, 8).every(Number.isNaN)).toBe(true);
      expect([...grad.slice(0, 4), ...grad.slice(8)].every(Number.isFinite)).toBe(true);
      const error = await ce.checkTargets(labels, "step 7").then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(TargetError);
      expect(error).toMatchObject({ row: 1, classes: 4 });
      expect((error as Error).message).toBe(`softmaxCrossEntropy: target ${bad} at batch position 1 (step 7) is not a class index: class indices must be integers in [0, 4)`);
    });

    it.each(["softmax_ce_indices", "softmax_ce_onehot", "softmax_ce_smoothing", "softmax_ce_large_logits"])(
      "matches PyTorch's cross_entropy and its gradient: %s",
      async (name) => expectChecks(lossChecks(loadFixture("losses", name), b), tol),
    );
  });

  const logits = [0.2, -1.3, 2.1, 0.4, 1.5, -0.7, -2, 0.3, 0.9, 0.1, 0.1, -0.4];
  it.each([
    { targets: "class indices", smoothing: 0, target: { values: [2, 0, 3], shape: [3] } },
    { targets: "class indices", smoothing: 0.1, target: { values: [1, 1, 0], shape: [3] } },
    { targets: "probabilities", smoothing: 0, target: { values: [0.1, 0.2, 0.3, 0.4, 0, 1, 0, 0, 0.25, 0.25, 0.5, 0], shape: [3, 4] } },
    { targets: "probabilities", smoothing: 0.2, target: { values: [0.1, 0.2, 0.3, 0.4, 0, 1, 0, 0, 0.25, 0.25, 0.5, 0], shape: [3, 4] } },
  ])("has the gradient of central differences with $targets, smoothing $smoothing (float64)", ({ smoothing, target }) => {
    const b = new JsBackend({ dtype: "float64" });
    const { analytic, numeric } = lossGradients(new SoftmaxCrossEntropy({ labelSmoothing: smoothing }), logits, [3, 4], tensor(target.values, target.shape, b));
    expectClose(analytic, numeric, 1e-8);
  });

  it("computes −mean log softmax at the label, with smoothing spreading ε over the classes", () => {
    const b = new JsBackend({ dtype: "float64" });
    const x = [1, 2, 3, 0, 0, 0];
    const logSoftmax = (row: number[]): number[] => {
      const lse = Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
      return row.map((v) => v - lse);
    };
    const [r0, r1] = [logSoftmax(x.slice(0, 3)), logSoftmax(x.slice(3))];
    const hard = new SoftmaxCrossEntropy().forward(tensor(x, [2, 3], b), tensor([2, 0], [2], b));
    expect(hard.dataSync()[0]).toBeCloseTo(-(r0[2] + r1[0]) / 2, 12);
    // ε = 0.3 over 3 classes: q = 0.8 at the label, 0.1 elsewhere.
    const q0 = [0.1, 0.1, 0.8];
    const q1 = [0.8, 0.1, 0.1];
    const expected = -(q0.reduce((s, q, c) => s + q * r0[c], 0) + q1.reduce((s, q, c) => s + q * r1[c], 0)) / 2;
    const smooth = new SoftmaxCrossEntropy({ labelSmoothing: 0.3 }).forward(tensor(x, [2, 3], b), tensor([2, 0], [2], b));
    expect(smooth.dataSync()[0]).toBeCloseTo(expected, 12);
  });

  it("stays finite for logits of ±1000", () => {
    const b = new JsBackend();
    const ce = new SoftmaxCrossEntropy({ labelSmoothing: 0.1 });
    const value = ce.forward(tensor([1000, -1000, 0, -1000, 1000, 0], [2, 3], b), tensor([0, 0], [2], b)).dataSync()[0];
    // Row 0 is right with certainty; row 1 puts 2000 nats on the wrong class. With q = 0.9333 at the label
    // and 0.0333 elsewhere: row 0 loss = 0.0333·(2000 + 1000), row 1 = 0.9333·2000 + 0.0333·1000.
    const eps = 0.1 / 3;
    const expected = (eps * 3000 + (1 - 0.1 + eps) * 2000 + eps * 1000) / 2;
    expect(value).toBeCloseTo(expected, 2);
    const grad = ce.backward().dataSync();
    expect(grad.every(Number.isFinite)).toBe(true);
    // (softmax − q)/rows: softmax is exactly one-hot here.
    expectClose(grad, [(1 - (1 - 0.1 + eps)) / 2, -eps / 2, -eps / 2, -(1 - 0.1 + eps) / 2, (1 - eps) / 2, -eps / 2]);
  });

  it("rejects logits that are not [batch, classes]", () => {
    const b = new JsBackend();
    expect(() => new SoftmaxCrossEntropy().forward(tensor(new Float32Array(8), [2, 2, 2], b), tensor([0, 1], [2], b))).toThrow(
      "softmaxCrossEntropy expects logits [batch, classes] but got [2, 2, 2]; flatten the model's output to [batch, classes] before the loss",
    );
  });

  it.each([
    { what: "a batch size that differs", shape: [3] },
    { what: "a one-hot width that differs", shape: [2, 5] },
    { what: "a column of labels", shape: [2, 1] },
  ])("rejects targets with $what", ({ shape }) => {
    const b = new JsBackend();
    const call = () => new SoftmaxCrossEntropy().forward(tensor(new Float32Array(8), [2, 4], b), tensor(new Float32Array(shape[0] * (shape[1] ?? 1)), shape, b));
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(/expects targets \[2\] of class indices or \[2, 4\] of one-hot rows/);
  });

  it("rejects label smoothing outside [0, 1)", () => {
    expect(() => new SoftmaxCrossEntropy({ labelSmoothing: 1 })).toThrow(RangeError);
    expect(() => new SoftmaxCrossEntropy({ labelSmoothing: -0.1 })).toThrow(/labelSmoothing must be in \[0, 1\), got -0.1/);
  });
});
