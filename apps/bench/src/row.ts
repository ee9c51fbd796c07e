import type { KernelTime } from "./measure/kernel-profile.js";

/**
 * One line of the results: a system on a workload, run in its own process. Training workloads fill
 * epochSeconds, samplesPerSecond and testAccuracy; matmul workloads fill gflops. Numbers a workload
 * does not measure, or that a failed run never reached, are null.
 */
export interface BenchRow {
  system: string;
  workload: string;
  ok: boolean;
  /** Why the run failed (the error message), or null. */
  error: string | null;
  /** Seconds of one training epoch; extrapolated from the samples trained when `extrapolated`. */
  epochSeconds: number | null;
  /** CPU seconds of the epoch, all threads (extrapolated alike): robust to other jobs on the machine. */
  epochCpuSeconds: number | null;
  samplesPerSecond: number | null;
  /** Fraction of test images classified correctly after the (possibly partial) epoch. */
  testAccuracy: number | null;
  /** Median over repetitions after warm-up of 2·m·n·k / seconds / 1e9. */
  gflops: number | null;
  /** Peak resident set size of the process that ran this row, in MiB. */
  peakRssMb: number | null;
  /** True when the epoch was cut short (--quick, --max-seconds) and epochSeconds extrapolated. */
  extrapolated: boolean;
  /** Samples trained on before stopping. */
  samplesTrained: number | null;
  /** Test images the accuracy was measured on. */
  testSamples: number | null;
  /** With --profile, on chainrule training rows: CPU time per kernel over the training steps. */
  kernelProfile?: { steps: number; kernels: KernelTime[] };
  /** Each run's own numbers when the row combines repeated runs (--repeats), in the order they ran. */
  repeats?: RepeatNumbers[];
}

/** What one run of a repeated row measured; the row itself reports the medians. */
export type RepeatNumbers = Pick<BenchRow, "ok" | "epochSeconds" | "epochCpuSeconds" | "gflops" | "testAccuracy" | "peakRssMb">;

/**
 * A successful row with nothing measured yet; a run fills in what its workload measures.
 *
 * @example
 * const row = { ...emptyRow("tfjs-cpu", "matmul-256"), gflops: 1.5 };
 */
export function emptyRow(system: string, workload: string): BenchRow {
  return {
    system, workload, ok: true, error: null, epochSeconds: null, epochCpuSeconds: null, samplesPerSecond: null, testAccuracy: null,
    gflops: null, peakRssMb: null, extrapolated: false, samplesTrained: null, testSamples: null,
  };
}

/**
 * A row for a run that produced nothing but an error.
 *
 * @example
 * failedRow("tfjs-wasm", "cnn", "Kernel 'Conv2DBackpropFilter' not registered", 512);
 */
export function failedRow(system: string, workload: string, error: string, peakRssMb: number | null = null): BenchRow {
  return { ...emptyRow(system, workload), ok: false, error, peakRssMb };
}
