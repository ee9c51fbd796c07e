import { describe, expect, it } from "vitest";
import { accuracyOf, addToConfusion, confusionMatrix, perClassAccuracy } from "./metrics.js";

describe("confusion matrix metrics", () => {
  // 3 classes, 8 samples; counted by hand:
  //   true 0: predicted 0, 0, 1      → row [2, 1, 0]
  //   true 1: predicted 1, 1         → row [0, 2, 0]
  //   true 2: predicted 0, 2, 1      → row [1, 1, 1]
  const truth = [0, 0, 0, 1, 1, 2, 2, 2];
  const pred = [0, 0, 1, 1, 1, 0, 2, 1];

  it("counts rows by true class and columns by prediction", () => {
    const cm = confusionMatrix(3);
    addToConfusion(cm, pred, truth);
    expect(Array.from(cm.counts)).toEqual([2, 1, 0, 0, 2, 0, 1, 1, 1]);
  });

  it("gives accuracy and per-class recall", () => {
    const cm = confusionMatrix(3);
    addToConfusion(cm, pred, truth);
    expect(accuracyOf(cm)).toBe(5 / 8);
    expect(perClassAccuracy(cm)).toEqual([2 / 3, 1, 1 / 3]);
  });

  it("adds only the first `count` samples and accumulates over calls", () => {
    const cm = confusionMatrix(3);
    addToConfusion(cm, pred, truth, 3);
    addToConfusion(cm, [2], [2]);
    expect(Array.from(cm.counts)).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 1]);
    expect(perClassAccuracy(cm)[1]).toBeNaN();
  });

  it("rejects labels and predictions outside the classes", () => {
    expect(() => addToConfusion(confusionMatrix(3), [0], [3])).toThrow(/label 3 of sample 0 is not a class index in \[0, 3\)/);
    expect(() => addToConfusion(confusionMatrix(3), [1.5], [1])).toThrow(/prediction 1.5 of sample 0/);
    expect(() => confusionMatrix(0)).toThrow(/positive integer/);
  });

  it("has accuracy 0 when empty", () => {
    expect(accuracyOf(confusionMatrix(2))).toBe(0);
  });
});
