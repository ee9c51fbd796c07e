import { loadMnist } from "@chainrule/data-mnist/node";
import { profileKernels } from "./measure/kernel-profile.js";
import { matmulGflops } from "./measure/matmul-gflops.js";
import { peakRssMb } from "./measure/peak-rss.js";
import { trainOneEpoch } from "./measure/train-epoch.js";
import { isModelName, MATMUL_WORKLOADS, type NodeSystemName } from "./plan.js";
import { emptyRow, type BenchRow } from "./row.js";
import { createSystem } from "./systems/create-system.js";
import type { Task } from "./task.js";

/**
 * Runs one Node system on one workload in this process and measures it.
 *
 * @example
 * const row = await runTask({ system: "tfjs-cpu", workload: "matmul-256", maxBatches: null, maxSeconds: null, testSamples: 10000, matmul });
 */
export async function runTask(task: Task<NodeSystemName>): Promise<BenchRow> {
  const row = emptyRow(task.system, task.workload);
  if (isModelName(task.workload)) {
    const data = await loadMnist();
    const system = await createSystem(task.system);
    const limits = { maxBatches: task.maxBatches ?? Infinity, maxSeconds: task.maxSeconds ?? Infinity, testSamples: task.testSamples };
    const tally = task.profile && system.computeBackend ? profileKernels(system.computeBackend) : null;
    const onTrained = (steps: number) => {
      if (tally) row.kernelProfile = { steps, kernels: tally() };
    };
    Object.assign(row, await trainOneEpoch(system, task.workload, data, limits, onTrained));
  } else {
    const shape = MATMUL_WORKLOADS[task.workload];
    if (!shape) throw new Error(`unknown workload '${task.workload}'`);
    const system = await createSystem(task.system);
    row.gflops = await matmulGflops(system.createMatmul(shape), shape, task.matmul);
  }
  row.peakRssMb = peakRssMb();
  return row;
}
