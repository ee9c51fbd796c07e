import { describe, expect, it } from "vitest";
import type { EpochLog, TrainContext } from "./callback.js";
import { earlyStopping } from "./early-stopping.js";

function log(epoch: number, valLoss: number | null, valAccuracy: number | null = null): EpochLog {
  return { epoch, loss: 1, accuracy: null, valLoss, valAccuracy, lr: 0.1, samples: 10, seconds: 1, trainSeconds: 1, samplesPerSecond: 10 };
}

/** Feeds epoch logs to a callback; returns the epoch after which it asked to stop (or null) and why. */
async function run(cb: ReturnType<typeof earlyStopping>, logs: EpochLog[]): Promise<{ at: number | null; reason: string | null }> {
  let reason: string | null = null;
  const ctx: TrainContext = { model: { forward: (x) => x, backward: (d) => d, parameters: () => [] }, epochs: logs.length, stepsPerEpoch: 1, samplesPerEpoch: 10, stop: (r) => void (reason = r) };
  await cb.onTrainBegin?.(ctx);
  for (const l of logs) {
    await cb.onEpochEnd?.(l, ctx);
    if (reason) return { at: l.epoch, reason };
  }
  return { at: null, reason };
}

describe("earlyStopping", () => {
  it("stops after `patience` epochs without a lower valLoss", async () => {
    const r = await run(earlyStopping({ patience: 2 }), [0.5, 0.4, 0.45, 0.41, 0.3].map((v, i) => log(i, v)));
    expect(r.at).toBe(3);
    expect(r.reason).toMatch(/valLoss did not improve for 2 epochs \(best 0.4\)/);
  });

  it("keeps going while the monitored value improves", async () => {
    expect((await run(earlyStopping({ patience: 1 }), [0.5, 0.4, 0.3].map((v, i) => log(i, v)))).at).toBeNull();
  });

  it("watches accuracies upward", async () => {
    const r = await run(earlyStopping({ monitor: "valAccuracy", patience: 1 }), [0.9, 0.95, 0.94].map((v, i) => log(i, 0, v)));
    expect(r.at).toBe(2);
  });

  it("ignores improvements smaller than minDelta", async () => {
    const r = await run(earlyStopping({ patience: 2, minDelta: 0.01 }), [0.5, 0.495, 0.492].map((v, i) => log(i, v)));
    expect(r.at).toBe(2);
  });

  it("resets between runs", async () => {
    const cb = earlyStopping({ patience: 1 });
    await run(cb, [log(0, 0.1)]);
    expect((await run(cb, [log(0, 0.5), log(1, 0.4)])).at).toBeNull();
  });

  it("explains a missing validation set and bad options", async () => {
    await expect(run(earlyStopping(), [log(0, null)])).rejects.toThrow(/monitors 'valLoss' but the epoch log has none: pass `validation` to fit/);
    expect(() => earlyStopping({ patience: 0 })).toThrow(/patience must be a positive integer/);
  });
});
