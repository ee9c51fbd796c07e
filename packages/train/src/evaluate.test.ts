import { Dense, NonFiniteInputError, Sequential } from "@chainrule/layers";
import { MeanSquaredError, SoftmaxCrossEntropy } from "@chainrule/losses";
import { setSeed } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { arrayDataset } from "./dataset.js";
import { evaluate } from "./evaluate.js";

/** A linear model with hand-set weights: logits = x·W, W = [[1, 0, 0], [0, 1, 0]], no bias. */
function linear(): Sequential {
  setSeed(1);
  const model = new Sequential([new Dense({ units: 3, useBias: false, name: "fc" })], { inputShape: [2] });
  const w = model.parameters()[0];
  w.value.backend.write(w.value.dataId, [1, 0, 0, 0, 1, 0]);
  return model;
}

// logits per sample = [x0, x1, 0]. Hand-computed argmax and cross-entropy below.
const x = [2, 0, 0, 3, -1, -1, 1, 0, 0, 1];
const y = [0, 1, 2, 1, 1];
// argmax: 0, 1, 2, 0, 1 → right, right, right, wrong (true 1 → 0), right.
const ce = (row: number[], t: number) => Math.log(row.reduce((s, v) => s + Math.exp(v), 0)) - row[t];
const rows = [[2, 0, 0], [0, 3, 0], [-1, -1, 0], [1, 0, 0], [0, 1, 0]];
const meanCe = rows.reduce((s, r, i) => s + ce(r, y[i]), 0) / 5;

describe("evaluate", () => {
  it("gives loss, accuracy, per-class accuracy and the confusion matrix, over uneven batches", async () => {
    const data = arrayDataset({ x, sampleShape: [2], y });
    const r = await evaluate(linear(), data, { loss: new SoftmaxCrossEntropy(), batchSize: 2 });
    expect(r.samples).toBe(5);
    expect(r.loss).toBeCloseTo(meanCe, 6);
    expect(r.accuracy).toBe(4 / 5);
    expect(r.perClassAccuracy).toEqual([1, 2 / 3, 1]);
    expect(Array.from(r.confusion!.counts)).toEqual([1, 0, 0, 1, 2, 0, 0, 0, 1]);
  });

  it("gives only the loss for regression", async () => {
    const data = arrayDataset({ x, sampleShape: [2], y: rows.flat().map((v) => v + 1), targetShape: [3] });
    const r = await evaluate(linear(), data, { loss: new MeanSquaredError() });
    expect(r.loss).toBeCloseTo(1, 6);
    expect(r.accuracy).toBeNull();
    expect(r.confusion).toBeNull();
  });

  it("gives the event loop a turn during a long evaluation (a Ctrl-C handler or a UI runs)", async () => {
    let ticked = false;
    const seen: boolean[] = [];
    const base = arrayDataset({ x, sampleShape: [2], y });
    // Each batch takes 20 ms of host work: 10 batches are well past the 50 ms between turns.
    const slow = {
      size: 50,
      *batches(batchSize: number) {
        for (let i = 0; i < 10; i++) {
          const until = performance.now() + 20;
          while (performance.now() < until);
          seen.push(ticked);
          yield* base.batches(batchSize);
        }
      },
    };
    setTimeout(() => (ticked = true), 0);
    await evaluate(linear(), slow, { loss: new SoftmaxCrossEntropy(), batchSize: 5 });
    expect(seen[0]).toBe(false);
    expect(seen.at(-1)).toBe(true);
  });

  it("names the batch position of a class index that is out of range", async () => {
    const data = arrayDataset({ x, sampleShape: [2], y: [0, 1, 2, 3, 1] });
    await expect(evaluate(linear(), data, { loss: new SoftmaxCrossEntropy(), batchSize: 2 })).rejects.toThrow(
      "softmaxCrossEntropy: target 3 at batch position 1 (evaluate, batch 1) is not a class index: class indices must be integers in [0, 3)",
    );
  });

  it("names the input row that holds a value that is not finite", async () => {
    const bad = [...x];
    bad[5] = Infinity; // sample 2, element 1
    const data = arrayDataset({ x: bad, sampleShape: [2], y });
    const error = await evaluate(linear(), data, { loss: new SoftmaxCrossEntropy(), batchSize: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteInputError);
    expect(error).toMatchObject({ rows: [0], element: 1, value: Infinity, where: "evaluate, batch 1" });
  });
});
