import { BatchNorm, Dense, Dropout, ReLU, Sequential } from "@chainrule/layers";
import { SoftmaxCrossEntropy } from "@chainrule/losses";
import { Adam } from "@chainrule/optim";
import { JsBackend, Rng, setSeed, withBackend, type Backend } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { arrayDataset, type Dataset } from "./dataset.js";
import { fit } from "./fit.js";
import { blobs } from "./test-support.js";

const task = blobs(48);

/** The task's batches copied onto `backend` for the step that trains on them, and freed after it. */
function copiedTo(backend: Backend): Dataset {
  const source = arrayDataset({ x: task.x, sampleShape: [2], y: task.y, backend: new JsBackend() });
  return {
    size: source.size,
    *batches(batchSize, opts) {
      for (const b of source.batches(batchSize, opts)) {
        const [x, y] = [b.x.toSync(backend), b.y.toSync(backend)];
        try {
          yield { x, y, size: b.size };
        } finally {
          x.dispose();
          y.dispose();
        }
      }
    },
  };
}

/** Two fits of 2 epochs on `first`, the model and optimizer moved to `second` in between; each step's loss and the final weights. */
async function trainAcross(first: Backend, second: Backend): Promise<{ losses: number[]; weights: number[][] }> {
  setSeed(8);
  const model = withBackend(first, () => new Sequential([
    new Dense({ units: 8 }), new BatchNorm(), new ReLU(), new Dropout({ rate: 0.25, rng: new Rng(2) }), new Dense({ units: 3 }),
  ], { inputShape: [2] }));
  const optimizer = new Adam(model.parameters(), { lr: 0.01 });
  const loss = new SoftmaxCrossEntropy();
  const losses: number[] = [];
  const run = (data: Dataset) => fit(model, { loss, optimizer, data, epochs: 2, batchSize: 16, seed: 5, callbacks: [{ onBatchEnd: (l) => void losses.push(l.loss) }] });
  await run(copiedTo(first));
  await model.to(second);
  await optimizer.to(second);
  await run(copiedTo(second));
  return { losses, weights: [...model.parameters().map((p) => p.value), ...model.buffers().map((b) => b.tensor)].map((t) => Array.from(t.dataSync())) };
}

describe("moving a model and its optimizer between fits", () => {
  it("goes on exactly as if it had stayed, and leaves nothing on the backend it left", async () => {
    const home = new JsBackend();
    const stayed = await trainAcross(home, home);
    const from = new JsBackend();
    const to = new JsBackend();
    const moved = await trainAcross(from, to);
    expect(moved.losses).toHaveLength(12);
    // Same float32 kernels on both sides, Adam's moments and step count and the running statistics carried over: the same bits.
    expect(moved).toEqual(stayed);
    // Weights, gradients, running statistics, Adam's state, the layers' and the loss's buffers and fit's statistics are all gone from it.
    expect(from.memory()).toEqual({ buffers: 0, bytes: 0 });
  });
});
