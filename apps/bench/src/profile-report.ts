import type { BenchRow } from "./row.js";
import { textTable } from "./text-table.js";

/** Kernels listed per profile; the rest are summed into one line. */
const TOP = 15;

/**
 * The --profile table of one row: CPU ms and calls per training step for each kernel and shape,
 * largest first, with its share of all kernel time.
 *
 * @example
 * console.log(formatProfile(row));
 */
export function formatProfile(row: BenchRow): string {
  if (!row.kernelProfile) return "";
  const { steps, kernels } = row.kernelProfile;
  const total = kernels.reduce((s, k) => s + k.cpuMs, 0);
  const rest = kernels.slice(TOP);
  const shown = [...kernels.slice(0, TOP), ...(rest.length ? [{ kernel: `(${rest.length} more)`, calls: rest.reduce((s, k) => s + k.calls, 0), cpuMs: rest.reduce((s, k) => s + k.cpuMs, 0) }] : [])];
  const table = textTable(
    ["ms/step", "share", "calls/step", "kernel"],
    shown.map((k) => [(k.cpuMs / steps).toFixed(3), `${((100 * k.cpuMs) / total).toFixed(1)}%`, (k.calls / steps).toFixed(1), k.kernel]),
    "rrrl",
  );
  return `kernel CPU time per training step, ${row.workload} × ${row.system} (${steps} steps, ${(total / steps).toFixed(2)} ms/step in kernels)\n\n${table}`;
}
