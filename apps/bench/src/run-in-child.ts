import { fork } from "node:child_process";
import { failedRow, type BenchRow } from "./row.js";
import type { Task } from "./task.js";

/** The last characters of the child's stderr, enough to see why it died. */
const STDERR_TAIL = 2000;

/**
 * Runs a task in a fresh Node process (dist/child.js) and resolves with its row; a process that
 * crashes, or runs past `timeoutSeconds`, yields a failed row saying so.
 *
 * @example
 * const row = await runInChild(task, 3600);
 */
export function runInChild(task: Task, timeoutSeconds: number): Promise<BenchRow> {
  return new Promise((resolve) => {
    const child = fork(new URL("./child.js", import.meta.url), [JSON.stringify(task)], { stdio: ["ignore", "ignore", "pipe", "ipc"] });
    let row: BenchRow | null = null;
    let stderr = "";
    let timedOut = false;
    child.stderr?.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-STDERR_TAIL);
    });
    child.on("message", (m) => {
      row = m as BenchRow;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutSeconds * 1000);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (row) return resolve(row);
      const why = timedOut ? `timed out after ${timeoutSeconds} s (--timeout)` : `process exited with ${code ?? signal}: ${stderr.trim()}`;
      resolve(failedRow(task.system, task.workload, why));
    });
  });
}
