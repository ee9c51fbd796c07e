import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { isModelName, MATMUL_WORKLOADS, PYTORCH_THREADS, TRAIN_SPECS, type PytorchSystemName } from "./plan.js";
import { pythonRow } from "./pytorch/python-row.js";
import type { StagedMnist } from "./pytorch/stage-mnist.js";
import type { BenchRow } from "./row.js";
import type { Task } from "./task.js";
import { watchProcess } from "./watch-process.js";

// This file sits directly in src/ so that the path below is right both from the sources (tests)
// and from the bundle dist/cli.js: one folder down from the app either way.
const SCRIPT = fileURLToPath(new URL("../python/pytorch_bench.py", import.meta.url));

/** Where a PyTorch row runs. */
export interface PythonRunOptions {
  /** The interpreter (--python). */
  python: string;
  /** The staged training data; needed by the training workloads only. */
  staged: StagedMnist | null;
  timeoutSeconds: number;
}

/** The job python/pytorch_bench.py reads from its argv[1]: the same hyperparameters and limits as the Node rows. */
function pythonJob(task: Task<PytorchSystemName>, threads: number, staged: StagedMnist | null): Record<string, unknown> {
  if (!isModelName(task.workload)) {
    const shape = MATMUL_WORKLOADS[task.workload];
    if (!shape) throw new Error(`unknown workload '${task.workload}'`);
    return { threads, ...shape, ...task.matmul };
  }
  if (!staged) throw new Error(`${task.workload} × ${task.system}: the MNIST files for Python were not staged`);
  const { maxBatches, maxSeconds, testSamples } = task;
  return { threads, model: task.workload, ...TRAIN_SPECS[task.workload], maxBatches, maxSeconds, testSamples, files: staged.files };
}

/**
 * Runs a PyTorch row: python/pytorch_bench.py in its own process with OMP_NUM_THREADS and
 * torch.set_num_threads at the system's thread count and OPENBLAS_NUM_THREADS=1 (the reference
 * setting of issue 13: OpenBLAS's own threads would compete with PyTorch's). Resolves with its row,
 * or a failed row that says why (missing interpreter or PyTorch: with the install line).
 *
 * @example
 * const row = await runPython(task, { python: "/usr/bin/python3", staged, timeoutSeconds: 3600 });
 */
export async function runPython(task: Task<PytorchSystemName>, opts: PythonRunOptions): Promise<BenchRow> {
  const threads = PYTORCH_THREADS[task.system];
  const child = spawn(opts.python, [SCRIPT, JSON.stringify(pythonJob(task, threads, opts.staged))], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: "1" },
  });
  return pythonRow(task.system, task.workload, await watchProcess(child, opts.timeoutSeconds), opts.python);
}
