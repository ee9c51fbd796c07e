import { describe, expect, it } from "vitest";
import { combineRepeats } from "./repeats.js";
import { emptyRow, failedRow, type BenchRow } from "./row.js";

/** A run that trained `samples` of 60,000 images in `seconds`, extrapolated when short of an epoch. */
function run(seconds: number, cpu: number, samples: number, peakRssMb: number, testAccuracy: number): BenchRow {
  return {
    ...emptyRow("pytorch-cpu-2t", "mlp"), epochSeconds: (seconds * 60000) / samples, epochCpuSeconds: (cpu * 60000) / samples,
    samplesPerSecond: samples / seconds, testAccuracy, peakRssMb, extrapolated: samples < 60000, samplesTrained: samples, testSamples: 10000,
  };
}

describe("combineRepeats", () => {
  it("reports the median epoch, samples/s to match it, the highest peak and every run's numbers", () => {
    const runs = [run(3, 5, 60000, 300, 0.95), run(2, 4, 60000, 310, 0.95), run(10, 9, 60000, 290, 0.95)];
    const row = combineRepeats(runs);
    expect(row).toMatchObject({ ok: true, epochSeconds: 3, epochCpuSeconds: 5, samplesPerSecond: 20000, peakRssMb: 310, testAccuracy: 0.95, extrapolated: false });
    expect(row.repeats?.map((r) => r.epochSeconds)).toEqual([3, 2, 10]);
    expect(row.repeats?.[2]).toEqual({ ok: true, epochSeconds: 10, epochCpuSeconds: 9, gflops: null, testAccuracy: 0.95, peakRssMb: 290 });
  });

  it("takes the mean of two and keeps samples/s × epoch seconds at the epoch's size when extrapolated", () => {
    // 1280 samples in 0.5 s and in 1.5 s: 23.4375 s and 70.3125 s extrapolated, median 46.875 s.
    const row = combineRepeats([run(0.5, 0.5, 1280, 300, 0.7), run(1.5, 1.5, 1280, 300, 0.7)]);
    expect(row.epochSeconds).toBeCloseTo(46.875, 12);
    expect((row.samplesPerSecond as number) * (row.epochSeconds as number)).toBeCloseTo(60000, 8);
    expect(row).toMatchObject({ extrapolated: true, samplesTrained: 1280 });
  });

  it("takes the median GFLOPS of matmul runs", () => {
    const mm = (gflops: number): BenchRow => ({ ...emptyRow("tfjs-wasm", "matmul-256"), gflops, peakRssMb: 100 });
    expect(combineRepeats([mm(10), mm(30), mm(20)])).toMatchObject({ gflops: 20, epochSeconds: null, samplesPerSecond: null });
  });

  it("fails the row when a run failed, keeping its error and the other runs' numbers", () => {
    const row = combineRepeats([run(3, 5, 60000, 300, 0.95), failedRow("pytorch-cpu-2t", "mlp", "timed out after 60 s (--timeout)")]);
    expect(row).toMatchObject({ ok: false, error: "timed out after 60 s (--timeout)", epochSeconds: null });
    expect(row.repeats?.map((r) => r.epochSeconds)).toEqual([3, null]);
  });

  it("needs a run", () => {
    expect(() => combineRepeats([])).toThrow(/no runs/);
  });
});
