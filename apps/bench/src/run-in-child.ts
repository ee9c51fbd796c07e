import { fork } from "node:child_process";
import type { NodeSystemName } from "./plan.js";
import { failedRow, type BenchRow } from "./row.js";
import type { Task } from "./task.js";
import { failureMessage, watchProcess } from "./watch-process.js";

/**
 * Runs a task in a fresh Node process (dist/child.js) and resolves with its row; a process that
 * crashes, or runs past `timeoutSeconds`, yields a failed row saying so.
 *
 * @example
 * const row = await runInChild(task, 3600);
 */
export async function runInChild(task: Task<NodeSystemName>, timeoutSeconds: number): Promise<BenchRow> {
  const child = fork(new URL("./child.js", import.meta.url), [JSON.stringify(task)], { stdio: ["ignore", "ignore", "pipe", "ipc"] });
  const end = await watchProcess(child, timeoutSeconds);
  return (end.message as BenchRow | null) ?? failedRow(task.system, task.workload, failureMessage(end));
}
