// One benchmark run in a process of its own, so its peak memory is its own. The parent forks this
// file with a Task as JSON and receives one BenchRow over the IPC channel.
import { peakRssMb } from "./measure/peak-rss.js";
import { failedRow, type BenchRow } from "./row.js";
import type { NodeSystemName } from "./plan.js";
import { runTask } from "./run-task.js";
import type { Task } from "./task.js";

const task = JSON.parse(process.argv[2]) as Task<NodeSystemName>;
let row: BenchRow;
try {
  row = await runTask(task);
} catch (e) {
  row = failedRow(task.system, task.workload, e instanceof Error ? e.message : String(e), peakRssMb());
}
// Exit once the row is delivered: a WASM backend's worker threads would otherwise keep the process alive.
process.send?.(row, () => process.exit(0));
