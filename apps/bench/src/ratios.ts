import type { BenchRow } from "./row.js";

/** chainrule against TF.js on one workload; ratios are null when either side has no number. */
export interface Comparison {
  workload: string;
  /** The chainrule row compared (the faster of the WASM thread counts). */
  chainrule: string;
  tfjs: string;
  /** chainrule speed / TF.js speed (samples/s, or GFLOPS for matmul): above 1, chainrule is faster. */
  speedup: number | null;
  /** chainrule peak RSS / TF.js peak RSS: below 1, chainrule uses less memory. */
  memory: number | null;
  /** chainrule − TF.js test accuracy in percentage points; only when both trained on as many samples. */
  accuracyPoints: number | null;
  /** Why a ratio is missing, or that a side was extrapolated. */
  note: string;
}

/** Each chainrule configuration is compared with the TF.js backend of its kind: JS with cpu, WASM with wasm. */
const PAIRS: readonly { chainrule: readonly string[]; tfjs: string }[] = [
  { chainrule: ["chainrule-js"], tfjs: "tfjs-cpu" },
  { chainrule: ["chainrule-wasm-1t", "chainrule-wasm-2t"], tfjs: "tfjs-wasm" },
];

const speed = (r: BenchRow) => r.samplesPerSecond ?? r.gflops;

function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : a / b;
}

/**
 * Pairs every workload's chainrule rows with TF.js's. Of several chainrule configurations
 * (1 and 2 WASM threads), the fastest that succeeded stands for chainrule.
 *
 * @example
 * compare(rows).find((c) => c.workload === "mlp" && c.tfjs === "tfjs-wasm")?.speedup; // 9.3
 */
export function compare(rows: readonly BenchRow[]): Comparison[] {
  const workloads = [...new Set(rows.map((r) => r.workload))];
  const out: Comparison[] = [];
  for (const workload of workloads) {
    for (const pair of PAIRS) {
      const ours = rows.filter((r) => r.workload === workload && pair.chainrule.includes(r.system));
      const theirs = rows.find((r) => r.workload === workload && r.system === pair.tfjs);
      if (ours.length === 0 || !theirs) continue;
      const okOurs = ours.filter((r) => r.ok);
      const best = okOurs.reduce<BenchRow | null>((b, r) => (b && (speed(b) ?? 0) >= (speed(r) ?? 0) ? b : r), null);
      const notes = [
        ...(best ? [] : ["chainrule failed"]),
        ...(theirs.ok ? [] : ["TF.js failed"]),
        ...(best?.extrapolated || theirs.extrapolated ? ["extrapolated"] : []),
      ];
      const mine = best ?? ours[0];
      const both = best !== null && theirs.ok;
      // Accuracy after a cut-short epoch says little next to a full one.
      const sameTraining = both && mine.samplesTrained === theirs.samplesTrained;
      if (both && !sameTraining) notes.push("accuracy not compared: different samples trained");
      out.push({
        workload,
        chainrule: mine.system,
        tfjs: theirs.system,
        speedup: both ? ratio(speed(mine), speed(theirs)) : null,
        memory: both ? ratio(mine.peakRssMb, theirs.peakRssMb) : null,
        accuracyPoints: sameTraining && mine.testAccuracy !== null && theirs.testAccuracy !== null ? (mine.testAccuracy - theirs.testAccuracy) * 100 : null,
        note: notes.join(", "),
      });
    }
  }
  return out;
}
