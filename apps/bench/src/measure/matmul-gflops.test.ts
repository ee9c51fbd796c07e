import { afterEach, describe, expect, it, vi } from "vitest";
import { matmulGflops } from "./matmul-gflops.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("matmulGflops", () => {
  it("divides 2·m·k·n by the median of the timed runs, after the warm-up runs", async () => {
    // Each run advances a fake clock by the next duration (ms); the warm-up ones are slow and must not count.
    const durations = [900, 800, 10, 30, 20, 40, 50];
    let clock = 0;
    let calls = 0;
    vi.spyOn(performance, "now").mockImplementation(() => clock);
    // The clock moves when a run settles, as a GPU's product finishes after the call returns.
    const run = async () => {
      await Promise.resolve();
      clock += durations[calls++];
    };
    const gflops = await matmulGflops(run, { m: 100, k: 200, n: 300 }, { warmup: 2, minReps: 5, budgetSeconds: 0 });
    expect(calls).toBe(7);
    // Timed: 10, 30, 20, 40, 50 ms → median 30 ms = 0.03 s; 2·100·200·300 = 1.2e7 flops.
    expect(gflops).toBeCloseTo(1.2e7 / 0.03 / 1e9, 12);
  });

  it("keeps timing past minReps until the budget is spent", async () => {
    let clock = 0;
    let calls = 0;
    vi.spyOn(performance, "now").mockImplementation(() => clock);
    await matmulGflops(async () => {
      clock += 125;
      calls++;
    }, { m: 1, k: 1, n: 1 }, { warmup: 0, minReps: 2, budgetSeconds: 1 });
    // 125 ms per run (exact in binary): the timed total reaches 1 s after the eighth run.
    expect(calls).toBe(8);
  });
});
