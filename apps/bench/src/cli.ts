// pnpm bench: runs each system × workload in its own process, prints the table, optionally writes JSON.
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadMnist } from "@chainrule/data-mnist/node";
import { parseBenchArgs, USAGE } from "./args.js";
import { isModelName, isPytorchSystem, SHUFFLE_SEED } from "./plan.js";
import { formatProfile } from "./profile-report.js";
import { stageMnist } from "./pytorch/stage-mnist.js";
import { formatReport } from "./report.js";
import type { BenchRow } from "./row.js";
import { runBench } from "./run-bench.js";
import { runInChild } from "./run-in-child.js";
import { runPython } from "./run-python.js";

const opts = parseBenchArgs(process.argv.slice(2));
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}

// The PyTorch rows read MNIST from files this process writes once, untimed, before any run.
const staged = opts.systems.some(isPytorchSystem) && opts.workloads.some(isModelName) ? stageMnist(await loadMnist(), SHUFFLE_SEED) : null;
let rows: BenchRow[];
try {
  rows = await runBench(
    opts,
    ({ system, ...task }) =>
      isPytorchSystem(system)
        ? runPython({ ...task, system }, { python: opts.python, staged, timeoutSeconds: opts.timeoutSeconds })
        : runInChild({ ...task, system }, opts.timeoutSeconds),
    (text) => process.stderr.write(text),
  );
} finally {
  staged?.remove();
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
console.log(`\n${new Date().toISOString()}  ${machine}${opts.quick ? "  (--quick)" : ""}\n`);
console.log(formatReport(rows));
for (const r of rows) if (r.kernelProfile) console.log(`\n${formatProfile(r)}`);

if (opts.json) {
  const file = path.resolve(opts.json);
  const { json: _json, help: _help, ...options } = opts;
  writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine, options, rows }, null, 2)}\n`);
  console.log(`\nrows written to ${file}`);
}
