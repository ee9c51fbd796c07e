import { Dense, ReLU, Sequential } from "@chainrule/layers";
import { SoftmaxCrossEntropy } from "@chainrule/losses";
import { Adam } from "@chainrule/optim";
import { memory, setSeed, type BackendMemoryInfo } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { fit } from "./fit.js";
import { blobs } from "./test-support.js";

describe("fit over 10,000 steps on the JS backend", () => {
  it("holds the same tensors, buffers and bytes after step 100 as after step 10,000", async () => {
    setSeed(5);
    const model = new Sequential([new Dense({ units: 16 }), new ReLU(), new Dense({ units: 3 })], { inputShape: [2] });
    const task = blobs(80);
    const seen = new Map<number, BackendMemoryInfo>();
    const h = await fit(model, {
      loss: new SoftmaxCrossEntropy(), optimizer: new Adam(model.parameters(), { lr: 1e-3 }), data: task.train,
      validation: task.validation, epochs: 1000, batchSize: 8, gradFlow: { every: 500 },
      callbacks: [{ onBatchEnd: (log) => void ([100, 10_000].includes(log.step) && seen.set(log.step, memory().js)) }],
    });
    expect(h.steps).toBe(10_000);
    expect(seen.get(10_000)).toEqual(seen.get(100));
  });
});
