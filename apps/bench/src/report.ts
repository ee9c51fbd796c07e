import { compare, type Comparison, type Library } from "./ratios.js";
import type { BenchRow } from "./row.js";
import { textTable } from "./text-table.js";

const fixed = (v: number | null, digits: number) => (v === null ? "—" : v.toFixed(digits));
const percent = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(2)}%`);

/** "runs 3.10, 3.32 s": each run's own number when the row is the median of several. */
function runsNote(r: BenchRow): string {
  const runs = r.repeats ?? [];
  if (runs.length < 2) return "";
  if (r.epochSeconds !== null) return `runs ${runs.map((x) => fixed(x.epochSeconds, 2)).join(", ")} s`;
  if (r.gflops !== null) return `runs ${runs.map((x) => fixed(x.gflops, 2)).join(", ")} GFLOPS`;
  return "";
}

function note(r: BenchRow): string {
  if (!r.ok) return `FAILED: ${(r.error ?? "").split("\n")[0].slice(0, 90)}`;
  return [r.extrapolated ? `extrapolated from ${r.samplesTrained} samples` : "", runsNote(r)].filter(Boolean).join("; ");
}

/** How each library's ratios are printed: TF.js as speed-ups, PyTorch as time ratios (issue 13's goals). */
const RATIO_TABLES: Record<Library, { title: string; column: string; value: (c: Comparison) => number | null }> = {
  "TF.js": {
    title: "chainrule / TF.js (speed: samples/s or GFLOPS ratio, higher is better; memory: peak RSS ratio, lower is better)",
    column: "speed ×",
    value: (c) => c.speedup,
  },
  PyTorch: {
    title:
      "chainrule / PyTorch (time: chainrule's epoch or matmul time over PyTorch's, best of 1 and 2 threads on each side, lower is better;\n" +
      "memory: peak RSS ratio, lower is better)",
    column: "time ×",
    value: (c) => (c.speedup === null ? null : 1 / c.speedup),
  },
};

function ratioTable(comparisons: readonly Comparison[], library: Library): string {
  const { title, column, value } = RATIO_TABLES[library];
  const table = textTable(
    ["workload", "chainrule", `vs ${library}`, column, "memory ×", "acc Δ pts", "note"],
    comparisons.map((c) => [c.workload, c.chainrule, c.other, fixed(value(c), 2), fixed(c.memory, 2), fixed(c.accuracyPoints, 2), c.note]),
    "lllrrrl",
  );
  return `${title}\n\n${table}`;
}

/**
 * The printed report: one line per row, then chainrule's ratios to TF.js and to PyTorch per workload.
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
  if (comparisons.length === 0) return `${results}\n\n(no chainrule / TF.js or chainrule / PyTorch pair to compare)`;
  const tables = (["TF.js", "PyTorch"] as const)
    .map((library) => comparisons.filter((c) => c.library === library))
    .filter((cs) => cs.length > 0)
    .map((cs) => ratioTable(cs, cs[0].library));
  return [results, ...tables].join("\n\n");
}
