import { median } from "./measure/median.js";
import type { BenchRow, RepeatNumbers } from "./row.js";

type Timed = "epochSeconds" | "epochCpuSeconds" | "gflops";

/** The median of a field over the runs, or null when the runs do not measure it. */
function medianOf(runs: readonly BenchRow[], field: Timed): number | null {
  const values = runs.map((r) => r[field]).filter((v): v is number => v !== null);
  return values.length === 0 ? null : median(values);
}

/**
 * One row from the runs of a system × workload (in the order they ran): the median epoch seconds,
 * epoch CPU seconds and GFLOPS, the samples/s of that median epoch, the highest peak RSS, the
 * first run's accuracy and sample counts, and every run's own numbers in `repeats`. A failed run
 * fails the row, with its error.
 *
 * @example
 * combineRepeats([run1, run2]).epochSeconds; // (run1.epochSeconds + run2.epochSeconds) / 2
 */
export function combineRepeats(runs: readonly BenchRow[]): BenchRow {
  const [first] = runs;
  if (!first) throw new RangeError("combineRepeats: no runs");
  const repeats: RepeatNumbers[] = runs.map(({ ok, epochSeconds, epochCpuSeconds, gflops, testAccuracy, peakRssMb }) => ({
    ok, epochSeconds, epochCpuSeconds, gflops, testAccuracy, peakRssMb,
  }));
  const failed = runs.find((r) => !r.ok);
  if (failed) return { ...failed, repeats };
  const epochSeconds = medianOf(runs, "epochSeconds");
  // samples/s × epoch seconds is the epoch's sample count in every run, extrapolated or not.
  const samplesPerSecond = epochSeconds === null || first.samplesPerSecond === null || first.epochSeconds === null
    ? first.samplesPerSecond
    : (first.samplesPerSecond * first.epochSeconds) / epochSeconds;
  return {
    ...first,
    epochSeconds,
    epochCpuSeconds: medianOf(runs, "epochCpuSeconds"),
    samplesPerSecond,
    gflops: medianOf(runs, "gflops"),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb ?? 0)),
    repeats,
  };
}
