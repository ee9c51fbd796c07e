import { MnistSplit } from "@chainrule/data-mnist";
import { JsBackend } from "@chainrule/tensor";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { System } from "../systems/system.js";
import { trainOneEpoch } from "./train-epoch.js";

/** A split of `count` random images with labels i mod 10. */
function split(count: number): MnistSplit {
  const images = Uint8Array.from({ length: count * 784 }, (_, i) => (i * 2654435761) >>> 24);
  return new MnistSplit({ images, labels: Uint8Array.from({ length: count }, (_, i) => i % 10) });
}

let clock = 0;
beforeEach(() => {
  clock = 0;
  vi.spyOn(performance, "now").mockImplementation(() => clock);
});
afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * A system whose steps take 0.5 s of fake time, and `finishMs` more once the last one is queued (a
 * GPU's queue running dry), and which "classifies" exactly the labels below 5.
 */
function fakeSystem(finishMs = 0): { system: System; sizes: number[]; labelsSeen: number[] } {
  const sizes: number[] = [];
  const labelsSeen: number[] = [];
  const backend = new JsBackend();
  const system: System = {
    name: "chainrule-js",
    dataBackend: backend,
    computeBackend: null,
    createMatmul: () => async () => undefined,
    createTrainer: () => ({
      async step(b) {
        sizes.push(b.size);
        labelsSeen.push(...b.y.dataSync());
        clock += 500;
      },
      async finish() {
        clock += finishMs;
      },
      countCorrect: async (b) => [...b.y.dataSync()].filter((y) => y < 5).length,
    }),
  };
  return { system, sizes, labelsSeen };
}

const data = { train: split(300), test: split(30) };

describe("trainOneEpoch", () => {
  it("times a whole shuffled epoch in batches of 128 and scores the test images", async () => {
    const { system, sizes, labelsSeen } = fakeSystem();
    const m = await trainOneEpoch(system, "mlp", data, { maxBatches: Infinity, maxSeconds: Infinity, testSamples: 10000 });
    expect(sizes).toEqual([128, 128, 44]);
    // Every training label once, in a shuffled order.
    expect([...labelsSeen].sort((a, b) => a - b)).toEqual([...data.train.labels].sort((a, b) => a - b));
    expect(labelsSeen).not.toEqual([...data.train.labels]);
    expect(m.epochCpuSeconds).toBeGreaterThanOrEqual(0);
    expect(m).toEqual({ epochSeconds: 1.5, epochCpuSeconds: m.epochCpuSeconds, samplesPerSecond: 200, testAccuracy: 0.5, extrapolated: false, samplesTrained: 300, testSamples: 30 });
  });

  it("stops after maxBatches and extrapolates the epoch from the samples trained", async () => {
    const { system, sizes } = fakeSystem();
    const m = await trainOneEpoch(system, "cnn", data, { maxBatches: 2, maxSeconds: Infinity, testSamples: 12 });
    expect(sizes).toEqual([64, 64]);
    expect(m.extrapolated).toBe(true);
    expect(m.samplesTrained).toBe(128);
    expect(m.epochSeconds).toBeCloseTo((1.0 / 128) * 300, 12);
    expect(m.samplesPerSecond).toBeCloseTo(128, 12);
    // The first 12 test labels are 0..9, 0, 1: seven below 5.
    expect(m.testAccuracy).toBeCloseTo(7 / 12, 12);
    expect(m.testSamples).toBe(12);
  });

  it("stops once maxSeconds of training have passed", async () => {
    const { system, sizes } = fakeSystem();
    const m = await trainOneEpoch(system, "mlp", data, { maxBatches: Infinity, maxSeconds: 0.75, testSamples: 10 });
    expect(sizes).toEqual([128, 128]);
    expect(m.epochSeconds).toBeCloseTo((1.0 / 256) * 300, 12);
  });

  it("counts, in the epoch's time, the work still queued when the last step returns", async () => {
    const { system } = fakeSystem(250);
    const m = await trainOneEpoch(system, "mlp", data, { maxBatches: Infinity, maxSeconds: Infinity, testSamples: 10 });
    expect(m.epochSeconds).toBe(1.75);
    expect(m.samplesPerSecond).toBeCloseTo(300 / 1.75, 12);
  });
});
