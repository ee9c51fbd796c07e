import { Parameter, setBackend, JsBackend, tensor } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { isClassification, StepStats } from "./step-stats.js";

describe("StepStats", () => {
  it("collects loss, batch accuracy and each gradient's Σ g² into one buffer read, alternating two buffers by step", async () => {
    const backend = new JsBackend({ dtype: "float64" });
    setBackend(backend);
    const a = Parameter.fromValues("fc1.weight", [2, 2], [1, 2, 3, 4]);
    const b = Parameter.fromValues("fc1.bias", [3], [0, 0, 0]);
    backend.write(a.grad.dataId, [0.5, -1, 2, 0]);
    backend.write(b.grad.dataId, [3, 4, 0]);
    const stats = new StepStats(backend, [a, b], 2);
    stats.begin(1);
    // Rows' argmax: 1, 0, 2, 2 against labels 1, 1, 2, 0 → 2 of 4 right.
    const logits = tensor([[0, 5, 1], [9, 1, 2], [0, 0, 7], [1, 2, 3]]);
    const labels = tensor([1, 1, 2, 0]);
    stats.recordLoss(tensor([0.731]));
    stats.recordAccuracy(logits, labels);
    stats.recordGradients();
    const v = await stats.read();
    expect(v[StepStats.LOSS]).toBe(0.731);
    expect(v[StepStats.ACCURACY]).toBe(0.5);
    expect(stats.gradSq(v, 0)).toBeCloseTo(0.25 + 1 + 4, 12);
    expect(stats.gradSq(v, 1)).toBeCloseTo(25, 12);
    expect(stats.firstBadGradient(v)).toBe(-1);
    expect(stats.extraBase).toBe(4);
    expect(v.length).toBe(6);

    backend.write(b.grad.dataId, [NaN], 1);
    stats.begin(2); // the other buffer: step 1's numbers stay readable
    stats.recordGradients();
    expect(stats.firstBadGradient(await stats.read())).toBe(1);
    stats.begin(1);
    expect(stats.firstBadGradient(await stats.read())).toBe(-1);
    expect((await stats.read())[StepStats.LOSS]).toBe(0.731);
    stats.dispose();
    setBackend(new JsBackend());
  });

  it("tells classification (class-index targets) from other tasks", () => {
    expect(isClassification(tensor([[1, 2], [3, 4]]), tensor([0, 1]))).toBe(true);
    expect(isClassification(tensor([[1], [3]]), tensor([0, 1]))).toBe(false);
    expect(isClassification(tensor([[1, 2], [3, 4]]), tensor([[0, 1], [1, 0]]))).toBe(false);
  });
});
