// Time to cut one epoch of the MNIST training set into batches (host conversion + backend.write)
// on the JS backend, median over several epochs. Needs the build: pnpm --filter @chainrule/data-mnist build.
// Usage: node bench/batches.bench.mjs [epochs=5]
import { Batcher } from "@chainrule/data-mnist";
import { loadMnist } from "@chainrule/data-mnist/node";

const epochs = Number(process.argv[2] ?? 5);
const { train } = await loadMnist();
const configs = [
  { layout: "flat", normalize: "unit", shuffle: false },
  { layout: "image", normalize: "standard", shuffle: true },
  { layout: "image", normalize: "standard", shuffle: true, augment: { shift: 2 } },
];
console.log(`one epoch of ${train.size} images in batches of 128, median of ${epochs} epochs, Node ${process.version}`);
for (const options of configs) {
  const batcher = new Batcher(train, 128, { ...options, seed: 1 });
  const times = [];
  const cpuTimes = [];
  for (let e = 0; e < epochs; e++) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    let n = 0;
    for (const batch of batcher.epoch()) n += batch.size;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    const cpu = process.cpuUsage(cpuStart);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    if (n !== train.size) throw new Error("lost examples");
  }
  batcher.dispose();
  const median = (v) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const ms = median(times);
  const perBatch = (ms / Math.ceil(train.size / 128)) * 1000;
  console.log(`  ${JSON.stringify(options).padEnd(80)} ${ms.toFixed(0).padStart(5)} ms/epoch (CPU ${median(cpuTimes).toFixed(0)} ms)  ${perBatch.toFixed(0)} µs/batch`);
}
