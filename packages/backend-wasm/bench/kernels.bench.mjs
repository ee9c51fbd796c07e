// Kernel speeds of the WASM backend: matmul GFLOPS, conv2d on the MNIST CNN shapes, and GB/s of
// memory-bound kernels. Each figure is the median (and the best) of many timed repetitions after a
// warm-up (the machine this was written on is shared, so single runs are noisy). Run after a build:
//   pnpm --filter @chainrule/backend-wasm build && node bench/kernels.bench.mjs [--quick]
import { conv2dGeometry } from "@chainrule/tensor";
import { createWasmBackend } from "../dist/index.js";

const quick = process.argv.includes("--quick");
let backend = await createWasmBackend();

/** Median and best milliseconds of `fn` over `reps` runs after `warm` untimed ones. */
function timeMs(fn, reps, warm = 3) {
  for (let i = 0; i < warm; i++) fn();
  const times = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: times[times.length >> 1], best: times[0] };
}

/** Storage of `size` values uniform in [-1, 1). */
function random(size) {
  const id = backend.alloc(size);
  const v = new Float32Array(size);
  for (let i = 0; i < size; i++) v[i] = Math.random() * 2 - 1;
  backend.write(id, v);
  return id;
}

const rows = [];
/** One table row: `amount` (flops or bytes) per run turned into a rate at the median and best times. */
function report(kind, label, amount, unit, t) {
  rows.push({ kind, label, median: `${(amount / t.median / 1e6).toFixed(1)} ${unit}`, best: `${(amount / t.best / 1e6).toFixed(1)} ${unit}`, "median ms": t.median.toFixed(3) });
}

function benchMatmul(m, k, n, reps) {
  const a = random(m * k), b = random(k * n), out = backend.alloc(m * n);
  const t = timeMs(() => backend.matmul(a, b, out, { m, n, k }), reps);
  report(`matmul, ${backend.threads} thread${backend.threads > 1 ? "s" : ""}`, `${m}x${k} · ${k}x${n}`, 2 * m * n * k, "GFLOPS", t);
  [a, b, out].forEach((id) => backend.free(id));
}

function benchConv(label, xShape, wShape, reps) {
  const g = conv2dGeometry(xShape, wShape, { padding: "valid" });
  const xs = g.batch * g.inH * g.inW * g.inC, ys = g.batch * g.outH * g.outW * g.outC, ws = g.kH * g.kW * g.inC * g.outC;
  const x = random(xs), w = random(ws), y = random(ys), dw = backend.alloc(ws), dx = backend.alloc(xs);
  const flops = 2 * g.batch * g.outH * g.outW * g.kH * g.kW * g.inC * g.outC;
  const passes = [
    ["forward", () => backend.conv2d(x, w, null, y, g)],
    ["backward input", () => backend.conv2dBackwardInput(y, w, dx, g)],
    ["backward filter", () => backend.conv2dBackwardFilter(x, y, dw, g)],
  ];
  for (const [pass, fn] of passes) {
    report("conv2d", `${label} ${pass}`, flops, "GFLOPS", timeMs(fn, reps));
  }
  [x, w, y, dw, dx].forEach((id) => backend.free(id));
}

/** GB/s of a kernel that moves `bytesPerElement` bytes for each of `size` elements. */
function benchStream(label, size, bytesPerElement, run, reps) {
  report("memory", `${label} (${size / 1e6}M)`, size * bytesPerElement, "GB/s", timeMs(run, reps));
}

const r = quick ? 5 : 1;
for (const s of [128, 256, 512, 1024]) benchMatmul(s, s, s, s >= 1024 ? Math.max(3, 15 / r) : Math.ceil(61 / r));
benchMatmul(128, 784, 128, Math.ceil(101 / r));
benchConv("MNIST conv1 [64,28,28,1] * [5,5,1,8]", [64, 28, 28, 1], [5, 5, 1, 8], Math.ceil(41 / r));
benchConv("MNIST conv2 [64,12,12,8] * [5,5,8,16]", [64, 12, 12, 8], [5, 5, 8, 16], Math.ceil(41 / r));

const n = 1 << 22;
const a = random(n), b = random(n), c = backend.alloc(n), m = backend.alloc(n), v = backend.alloc(n), stat = backend.alloc(1);
const reps = Math.ceil(41 / r);
benchStream("copy (memcpy: the memory-speed reference)", n, 8, () => backend.copy(a, c, n), reps);
benchStream("binary add", n, 12, () => backend.binary("add", a, [n], b, [n], c, [n]), reps);
benchStream("binary mul broadcast [n/64, 64] * [64]", n, 8, () => backend.binary("mul", a, [n / 64, 64], b, [64], c, [n / 64, 64]), reps);
benchStream("relu", n, 8, () => backend.activation("relu", a, c, n), reps);
benchStream("reluBackward", n, 12, () => backend.activationBackward("relu", a, b, c, n), reps);
benchStream("reduce sum (all)", n, 4, () => backend.reduce("sum", a, [n], [0], stat), reps);
benchStream("reduce sum rows [n/64, 64] axis 1", n, 4, () => backend.reduce("sum", a, [n / 64, 64], [1], c), reps);
benchStream("reduce max cols [n/64, 64] axis 0", n, 4, () => backend.reduce("max", a, [n / 64, 64], [0], c), reps);
benchStream("sumSquares", n, 4, () => backend.sumSquares(a, n, stat, 0), reps);
benchStream("adamUpdate", n, 28, () => backend.adamUpdate(c, b, m, v, n, { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, step: 1 }), reps);

backend = await createWasmBackend({ threads: 2 });
for (const s of [512, 1024]) benchMatmul(s, s, s, s >= 1024 ? Math.max(3, 15 / r) : Math.ceil(61 / r));
benchMatmul(128, 784, 128, Math.ceil(101 / r));

console.log(`@chainrule/backend-wasm kernels, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, medians`);
console.table(rows);
