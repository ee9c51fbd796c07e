import { compare } from "./ratios.js";
import type { BenchRow } from "./row.js";
import { textTable } from "./text-table.js";

const fixed = (v: number | null, digits: number) => (v === null ? "—" : v.toFixed(digits));
const percent = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(2)}%`);

function note(r: BenchRow): string {
  if (!r.ok) return `FAILED: ${(r.error ?? "").split("\n")[0].slice(0, 90)}`;
  return r.extrapolated ? `extrapolated from ${r.samplesTrained} samples` : "";
}

/**
 * The printed report: one line per run, then chainrule / TF.js ratios per workload.
 *
 * @example
 * console.log(formatReport(rows));
 */
export function formatReport(rows: readonly BenchRow[]): string {
  const results = textTable(
    ["workload", "system", "epoch s", "epoch cpu s", "samples/s", "test acc", "GFLOPS", "peak MB", "note"],
    rows.map((r) => [
      r.workload, r.system, fixed(r.epochSeconds, 2), fixed(r.epochCpuSeconds, 2), fixed(r.samplesPerSecond, 0), percent(r.testAccuracy),
      fixed(r.gflops, 2), fixed(r.peakRssMb, 0), note(r),
    ]),
    "llrrrrrrl",
  );
  const comparisons = compare(rows);
  if (comparisons.length === 0) return `${results}\n\n(no chainrule / TF.js pair to compare)`;
  const ratios = textTable(
    ["workload", "chainrule", "vs TF.js", "speed ×", "memory ×", "acc Δ pts", "note"],
    comparisons.map((c) => [
      c.workload, c.chainrule, c.tfjs, fixed(c.speedup, 2), fixed(c.memory, 2), fixed(c.accuracyPoints, 2), c.note,
    ]),
    "lllrrrl",
  );
  return `${results}\n\nchainrule / TF.js (speed: samples/s or GFLOPS ratio, higher is better; memory: peak RSS ratio, lower is better)\n\n${ratios}`;
}
