import type { BenchRow } from "./row.js";

/** The library chainrule is compared with. */
export type Library = "TF.js" | "PyTorch";

/** chainrule against another library on one workload; ratios are null when either side has no number. */
export interface Comparison {
  workload: string;
  library: Library;
  /** The chainrule row compared (the fastest of its configurations that succeeded). */
  chainrule: string;
  /** The other library's row compared (the fastest of its thread counts that succeeded). */
  other: string;
  /**
   * chainrule speed / the other's speed (samples/s, or GFLOPS for matmul): above 1, chainrule is
   * faster. Its inverse is chainrule's epoch (or product) time over the other's.
   */
  speedup: number | null;
  /** chainrule peak RSS / the other's peak RSS: below 1, chainrule uses less memory. */
  memory: number | null;
  /** chainrule − other test accuracy in percentage points; only when both trained on as many samples. */
  accuracyPoints: number | null;
  /** Why a ratio is missing, or that a side was extrapolated. */
  note: string;
}

const WASM = ["chainrule-wasm-1t", "chainrule-wasm-2t"];

/**
 * Each chainrule configuration is compared with the TF.js backend of its kind (JS with cpu, WASM
 * with wasm), and the WASM backend with native PyTorch, best of 1 and 2 threads on each side
 * (issue 13, goal 4).
 */
const PAIRS: readonly { library: Library; chainrule: readonly string[]; other: readonly string[] }[] = [
  { library: "TF.js", chainrule: ["chainrule-js"], other: ["tfjs-cpu"] },
  { library: "TF.js", chainrule: WASM, other: ["tfjs-wasm"] },
  { library: "PyTorch", chainrule: WASM, other: ["pytorch-cpu-1t", "pytorch-cpu-2t"] },
];

const speed = (r: BenchRow) => r.samplesPerSecond ?? r.gflops;

function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : a / b;
}

/** The fastest row that succeeded, or null. */
function fastest(rows: readonly BenchRow[]): BenchRow | null {
  return rows.filter((r) => r.ok).reduce<BenchRow | null>((b, r) => (b && (speed(b) ?? 0) >= (speed(r) ?? 0) ? b : r), null);
}

/**
 * Pairs every workload's chainrule rows with TF.js's and PyTorch's. Where a side has several
 * configurations (1 and 2 threads), the fastest that succeeded stands for it.
 *
 * @example
 * compare(rows).find((c) => c.workload === "mlp" && c.other === "tfjs-wasm")?.speedup; // 9.3
 */
export function compare(rows: readonly BenchRow[]): Comparison[] {
  const workloads = [...new Set(rows.map((r) => r.workload))];
  const out: Comparison[] = [];
  for (const workload of workloads) {
    for (const pair of PAIRS) {
      const ours = rows.filter((r) => r.workload === workload && pair.chainrule.includes(r.system));
      const theirs = rows.filter((r) => r.workload === workload && pair.other.includes(r.system));
      if (ours.length === 0 || theirs.length === 0) continue;
      const best = fastest(ours);
      const other = fastest(theirs);
      const notes = [
        ...(best ? [] : ["chainrule failed"]),
        ...(other ? [] : [`${pair.library} failed`]),
        ...(best?.extrapolated || other?.extrapolated ? ["extrapolated"] : []),
      ];
      const mine = best ?? ours[0];
      const yours = other ?? theirs[0];
      const both = best !== null && other !== null;
      // Accuracy after a cut-short epoch says little next to a full one.
      const sameTraining = both && mine.samplesTrained === yours.samplesTrained;
      if (both && !sameTraining) notes.push("accuracy not compared: different samples trained");
      out.push({
        workload,
        library: pair.library,
        chainrule: mine.system,
        other: yours.system,
        speedup: both ? ratio(speed(mine), speed(yours)) : null,
        memory: both ? ratio(mine.peakRssMb, yours.peakRssMb) : null,
        accuracyPoints: sameTraining && mine.testAccuracy !== null && yours.testAccuracy !== null ? (mine.testAccuracy - yours.testAccuracy) * 100 : null,
        note: notes.join(", "),
      });
    }
  }
  return out;
}
