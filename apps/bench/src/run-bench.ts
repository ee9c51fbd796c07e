import type { BenchOptions } from "./args.js";
import { combineRepeats } from "./repeats.js";
import type { BenchRow } from "./row.js";
import { schedule } from "./schedule.js";
import type { Task } from "./task.js";

/** Runs one task in a process of its own and resolves with its row. */
export type RowRunner = (task: Task) => Promise<BenchRow>;

/**
 * Runs the bench's schedule (every system × workload `repeats` times, interleaved), skipping the
 * later runs of a row whose run failed (a missing kernel or interpreter fails every time), and
 * returns one row per workload × system with the medians of its runs. `log` hears the progress.
 *
 * @example
 * const rows = await runBench(opts, (task) => runInChild(task, 3600), (t) => process.stderr.write(t));
 */
export async function runBench(opts: BenchOptions, runRow: RowRunner, log: (text: string) => void = () => {}): Promise<BenchRow[]> {
  const runs = new Map<string, BenchRow[]>();
  const key = (workload: string, system: string) => `${workload} × ${system}`;
  for (const { workload, system, repeat } of schedule(opts.workloads, opts.systems, opts.repeats)) {
    const done = runs.get(key(workload, system)) ?? [];
    if (done.some((r) => !r.ok)) continue;
    log(`${key(workload, system)}${opts.repeats > 1 ? ` (${repeat + 1}/${opts.repeats})` : ""} ... `);
    const t0 = performance.now();
    const { maxBatches, maxSeconds, testSamples, profile, matmul } = opts;
    const row = await runRow({ system, workload, maxBatches, maxSeconds, testSamples, profile, matmul });
    log(`${row.ok ? "ok" : "FAILED"} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    runs.set(key(workload, system), [...done, row]);
  }
  return opts.workloads.flatMap((w) => opts.systems.map((s) => combineRepeats(runs.get(key(w, s)) ?? [])));
}
