// pnpm bench: runs each system × workload in its own process, prints the table, optionally writes JSON.
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseBenchArgs, USAGE } from "./args.js";
import { formatProfile } from "./profile-report.js";
import { formatReport } from "./report.js";
import type { BenchRow } from "./row.js";
import { runInChild } from "./run-in-child.js";

const opts = parseBenchArgs(process.argv.slice(2));
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}

const rows: BenchRow[] = [];
for (const workload of opts.workloads) {
  for (const system of opts.systems) {
    process.stderr.write(`${workload} × ${system} ... `);
    const t0 = performance.now();
    const row = await runInChild(
      { system, workload, maxBatches: opts.maxBatches, maxSeconds: opts.maxSeconds, testSamples: opts.testSamples, profile: opts.profile, matmul: opts.matmul },
      opts.timeoutSeconds,
    );
    process.stderr.write(`${row.ok ? "ok" : "FAILED"} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    rows.push(row);
  }
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
