import { describe, expect, it } from "vitest";
import { parseBenchArgs } from "./args.js";
import { emptyRow, failedRow, type BenchRow } from "./row.js";
import { runBench } from "./run-bench.js";
import type { Task } from "./task.js";

describe("runBench", () => {
  it("runs the rounds in turn, stops running a row that failed, and reports each row's median", async () => {
    const opts = parseBenchArgs(["--systems", "chainrule-wasm-1t,tfjs-wasm,pytorch-cpu-1t", "--workloads", "mlp,cnn", "--repeats", "3", "--max-batches", "7"]);
    const tasks: Task[] = [];
    // Each run of a system is one second slower than its last; TF.js WASM cannot train the CNN.
    const runRow = async (task: Task): Promise<BenchRow> => {
      tasks.push(task);
      if (task.system === "tfjs-wasm" && task.workload === "cnn") return failedRow(task.system, task.workload, "Kernel 'Conv2DBackpropFilter' not registered");
      const seconds = tasks.filter((t) => t.system === task.system && t.workload === task.workload).length;
      return { ...emptyRow(task.system, task.workload), epochSeconds: seconds, samplesPerSecond: 60000 / seconds, peakRssMb: 100 };
    };
    let log = "";
    const rows = await runBench(opts, runRow, (t) => (log += t));

    expect(tasks.map((t) => `${t.workload} ${t.system}`)).toEqual([
      ...Array.from({ length: 3 }, () => ["mlp chainrule-wasm-1t", "mlp tfjs-wasm", "mlp pytorch-cpu-1t"]).flat(),
      "cnn chainrule-wasm-1t", "cnn tfjs-wasm", "cnn pytorch-cpu-1t",
      ...Array.from({ length: 2 }, () => ["cnn chainrule-wasm-1t", "cnn pytorch-cpu-1t"]).flat(),
    ]);
    expect(tasks[0]).toMatchObject({ maxBatches: 7, maxSeconds: 600, testSamples: 10000, profile: false });
    expect(rows.map((r) => [r.workload, r.system, r.ok, r.epochSeconds])).toEqual([
      ["mlp", "chainrule-wasm-1t", true, 2], ["mlp", "tfjs-wasm", true, 2], ["mlp", "pytorch-cpu-1t", true, 2],
      ["cnn", "chainrule-wasm-1t", true, 2], ["cnn", "tfjs-wasm", false, null], ["cnn", "pytorch-cpu-1t", true, 2],
    ]);
    expect(rows[0].repeats?.map((r) => r.epochSeconds)).toEqual([1, 2, 3]);
    expect(log).toContain("mlp × pytorch-cpu-1t (3/3) ... ok (");
    expect(log).toContain("cnn × tfjs-wasm (1/3) ... FAILED (");
  });
});
