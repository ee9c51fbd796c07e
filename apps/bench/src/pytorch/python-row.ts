import { isModelName, type SystemName } from "../plan.js";
import { emptyRow, failedRow, type BenchRow } from "../row.js";
import { failureMessage, type ProcessEnd } from "../watch-process.js";

/** How to get the PyTorch the rows are measured against (Debian; issue 13's reference). */
export const PYTORCH_INSTALL = "apt-get install python3-torch libopenblas0-pthread";

/** python/pytorch_bench.py's exit status for "PyTorch cannot be used here". */
export const UNUSABLE_EXIT = 3;

/** What the script reports for each workload; the rest of the row is the bench's. */
const TRAIN_FIELDS = ["epochSeconds", "epochCpuSeconds", "samplesPerSecond", "testAccuracy", "samplesTrained", "testSamples", "peakRssMb"] as const;
const MATMUL_FIELDS = ["gflops", "peakRssMb"] as const;

/** The row numbers in the script's last line of stdout, checked field by field. */
function parseNumbers(stdout: string, workload: string): Partial<BenchRow> {
  const line = stdout.trim().split("\n").at(-1) ?? "";
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new Error(`pytorch_bench.py printed no JSON row: '${line.slice(0, 200)}'`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error(`pytorch_bench.py printed ${line.slice(0, 200)}, not a row`);
  const training = isModelName(workload);
  const numbers: readonly string[] = training ? TRAIN_FIELDS : MATMUL_FIELDS;
  const fields = training ? [...numbers, "extrapolated"] : numbers;
  const got = parsed as Record<string, unknown>;
  for (const key of Object.keys(got)) if (!fields.includes(key)) throw new Error(`pytorch_bench.py reported '${key}', which a ${workload} row does not have`);
  for (const key of numbers) {
    const v = got[key];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`pytorch_bench.py reported ${key} = ${JSON.stringify(v)}, not a finite number`);
  }
  if (training && typeof got.extrapolated !== "boolean") throw new Error(`pytorch_bench.py reported extrapolated = ${JSON.stringify(got.extrapolated)}, not true or false`);
  return got as Partial<BenchRow>;
}

/**
 * The row of a finished python/pytorch_bench.py run: its numbers, or a failed row that says why
 * (with the install line when the interpreter or PyTorch is missing, or PyTorch runs on the
 * reference BLAS).
 *
 * @example
 * pythonRow("pytorch-cpu-1t", "mlp", await watchProcess(child, 3600), "/usr/bin/python3");
 */
export function pythonRow(system: SystemName, workload: string, end: ProcessEnd, python: string): BenchRow {
  // The install line first: the printed table shows the first 90 characters of an error.
  const unusable = (why: string) => failedRow(system, workload, `no usable PyTorch: ${PYTORCH_INSTALL} (or --python PATH); ${python}: ${why}`);
  if (end.startError) return unusable(end.startError.message);
  if (end.code === UNUSABLE_EXIT && !end.timedOut) return unusable(end.stderr.trim().split("\n").at(-1) ?? "");
  if (end.code !== 0 || end.timedOut) {
    // A Python exception's own message is the last line of its traceback.
    const why = end.timedOut || end.code === null ? failureMessage(end) : `${end.stderr.trim().split("\n").at(-1)}\n${failureMessage(end)}`;
    return failedRow(system, workload, why);
  }
  try {
    return { ...emptyRow(system, workload), ...parseNumbers(end.stdout, workload) };
  } catch (e) {
    return failedRow(system, workload, (e as Error).message);
  }
}
