import { parseArgs } from "node:util";
import type { MatmulTiming } from "./measure/matmul-gflops.js";
import { checkSystems, expandWorkloads, SYSTEMS, type SystemName } from "./plan.js";

/** Everything the command line decides. */
export interface BenchOptions {
  systems: SystemName[];
  workloads: string[];
  quick: boolean;
  /** Training batches per run; null: the whole epoch. */
  maxBatches: number | null;
  /** Training seconds per run before stopping and extrapolating; null: no limit. */
  maxSeconds: number | null;
  testSamples: number;
  profile: boolean;
  /** Wall-clock seconds after which a run's process is killed. */
  timeoutSeconds: number;
  /** Runs of each system × workload, interleaved; rows report their median. */
  repeats: number;
  /** The Python interpreter of the PyTorch rows. */
  python: string;
  matmul: MatmulTiming;
  json: string | null;
  help: boolean;
}

/** The interpreter of the PyTorch rows: Debian's, where `apt-get install python3-torch` puts PyTorch. */
export const DEFAULT_PYTHON = "/usr/bin/python3";

/** The usage text `--help` prints. */
export const USAGE = `pnpm bench -- [options]   (or: pnpm --filter @chainrule/app-bench bench [options])

Runs each system × workload in a process of its own (Node, or Python for PyTorch), twice by
default and interleaved with the other systems, and prints a table of the medians.

  --systems LIST      comma-separated, default all: ${SYSTEMS.join(",")}
  --workloads LIST    comma-separated, default mlp,cnn,matmul
                      (mlp, cnn, matmul = matmul-256,matmul-512,matmul-1024,matmul-128x784x128)
  --quick             smoke test: 20 batches (at most 10 s) per run, 1000 test images, short matmul timing, 1 repeat
  --max-batches N     stop training after N batches and extrapolate the epoch time
  --max-seconds S     stop training after S seconds and extrapolate (default 600; 10 with --quick)
  --test-samples N    test images to score (default 10000)
  --profile           print CPU time per chainrule kernel over the training steps (slows them a little)
  --timeout S         kill a run's process after S seconds of wall clock (default 3600)
  --repeats N         runs per system × workload, interleaved (A B C A B C); rows report the median (default 2; 1 with --quick)
  --python PATH       the interpreter of the PyTorch rows (default ${DEFAULT_PYTHON}, where Debian's python3-torch is)
  --json PATH         also write the rows as JSON
  --help`;

function positive(name: string, value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new Error(`${name} must be a positive number, got '${value}'`);
  return n;
}

function list(value: string | undefined): string[] | null {
  return value === undefined ? null : value.split(",").map((s) => s.trim()).filter(Boolean);
}

/**
 * Parses the command line (without node and the script).
 *
 * @example
 * parseBenchArgs(["--quick", "--systems", "chainrule-js,tfjs-cpu", "--workloads", "mlp"]);
 */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  // `pnpm --filter @chainrule/app-bench bench -- --quick` hands the script a leading "--".
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  const { values } = parseArgs({
    args,
    options: {
      systems: { type: "string" },
      workloads: { type: "string" },
      quick: { type: "boolean", default: false },
      profile: { type: "boolean", default: false },
      "max-batches": { type: "string" },
      "max-seconds": { type: "string" },
      "test-samples": { type: "string" },
      timeout: { type: "string" },
      repeats: { type: "string" },
      python: { type: "string" },
      json: { type: "string" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  const quick = values.quick ?? false;
  const maxBatches = positive("--max-batches", values["max-batches"]);
  if (maxBatches !== null && !Number.isInteger(maxBatches)) throw new Error(`--max-batches must be a whole number, got ${maxBatches}`);
  const testSamples = positive("--test-samples", values["test-samples"]);
  if (testSamples !== null && !Number.isInteger(testSamples)) throw new Error(`--test-samples must be a whole number, got ${testSamples}`);
  const repeats = positive("--repeats", values.repeats);
  if (repeats !== null && !Number.isInteger(repeats)) throw new Error(`--repeats must be a whole number, got ${repeats}`);
  return {
    systems: checkSystems(list(values.systems) ?? SYSTEMS),
    workloads: expandWorkloads(list(values.workloads) ?? ["mlp", "cnn", "matmul"]),
    quick,
    maxBatches: maxBatches ?? (quick ? 20 : null),
    maxSeconds: positive("--max-seconds", values["max-seconds"]) ?? (quick ? 10 : 600),
    testSamples: testSamples ?? (quick ? 1000 : 10000),
    profile: values.profile ?? false,
    timeoutSeconds: positive("--timeout", values.timeout) ?? 3600,
    repeats: repeats ?? (quick ? 1 : 2),
    python: values.python ?? DEFAULT_PYTHON,
    matmul: quick ? { warmup: 1, minReps: 3, budgetSeconds: 0.2 } : { warmup: 3, minReps: 5, budgetSeconds: 2 },
    json: values.json ?? null,
    help: values.help ?? false,
  };
}
