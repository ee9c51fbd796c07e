// A steady training loop keeps the GPU memory the backend holds flat: the pool hands every step the
// buffers the step before gave back, composites' scratch included (BatchNorm and Softmax run as
// composites that allocate and free temporaries on every call).
import { BatchNorm, Dense, ReLU, Sequential, Softmax } from "@chainrule/layers";
import { MeanSquaredError } from "@chainrule/losses";
import { Adam } from "@chainrule/optim";
import { Rng, randomNormal, withBackend } from "@chainrule/tensor";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebGpuBackend, type WebGpuBackend } from "./create-webgpu-backend.js";

describe("GPU memory over a long run", () => {
  let gpu: WebGpuBackend;
  beforeAll(async () => {
    gpu = await createWebGpuBackend();
  });
  afterAll(() => gpu.dispose());

  it("stays flat over 2,000 training steps", async () => {
    const { model, x, target, optimizer } = withBackend(gpu, () => {
      const model = new Sequential(
        [new Dense({ units: 16, rng: new Rng(1) }), new BatchNorm(), new ReLU(), new Dense({ units: 4, rng: new Rng(2) }), new Softmax()],
        { inputShape: [8] },
      );
      const rng = new Rng(3);
      return { model, x: randomNormal([12, 8], 0, 1, { rng }), target: randomNormal([12, 4], 0, 1, { rng }), optimizer: new Adam(model.parameters()) };
    });
    const mse = new MeanSquaredError();
    const seen: { step: number; gpu: ReturnType<WebGpuBackend["gpuMemory"]>; live: ReturnType<WebGpuBackend["memory"]> }[] = [];
    for (let step = 1; step <= 2000; step++) {
      const loss = mse.forward(model.forward(x, true), target);
      model.backward(mse.backward(), { inputGrad: false });
      optimizer.step();
      if (step % 100 === 0) {
        // a read every 100 steps, as a training loop's statistics would: the GPU catches up
        expect(Number.isFinite((await loss.data())[0])).toBe(true);
        seen.push({ step, gpu: gpu.gpuMemory(), live: gpu.memory() });
      }
    }
    const first = seen[0];
    expect(first.gpu.bytes).toBeGreaterThan(0);
    for (const s of seen) expect({ step: s.step, gpu: s.gpu, live: s.live }).toEqual({ step: s.step, gpu: first.gpu, live: first.live });
  });
});
