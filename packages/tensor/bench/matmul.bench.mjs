// Speed of the JS backend's matmul and conv2d kernels in GFLOPS: the median over repeated runs.
//
//   pnpm --filter @chainrule/tensor build && node bench/matmul.bench.mjs [other/index.js]
//
// With a second build (e.g. the package before a kernel change, bundled to one file) both are run
// alternately, run by run, so they see the same machine state, and both columns are printed.
// Time is this process's CPU time (process.cpuUsage), not wall time: on a shared machine wall time
// mostly measures the other processes. FLOPs count a multiply and an add: 2·m·n·k per matmul.
// Shapes: the Dense layers of an MNIST MLP (batch 128, 784 inputs) and the MNIST CNN's
// convolutions (batch 64, 5x5 valid).
import { argv, cpuUsage, stdout } from "node:process";
import { pathToFileURL, URL } from "node:url";

const ROUNDS = 9;
const builds = [new URL("../dist/index.js", import.meta.url).href, ...(argv[2] ? [pathToFileURL(argv[2]).href] : [])];
const mods = await Promise.all(builds.map((b) => import(b)));

/** Milliseconds of CPU this process spends in `run`. */
function cpuMs(run) {
  const t0 = cpuUsage();
  run();
  const t = cpuUsage(t0);
  return (t.user + t.system) / 1000;
}

/**
 * Runs one case on every build: `setup(mod)` allocates on a fresh float32 JsBackend and returns the
 * kernel call; one warm-up each, then ROUNDS rounds of one run per build. Prints the medians.
 */
function bench(name, shape, flops, setup) {
  const runs = mods.map((mod) => setup(new mod.JsBackend(), new mod.Rng(1), mod));
  runs.forEach((run) => run());
  const times = runs.map(() => []);
  for (let r = 0; r < ROUNDS; r++) runs.forEach((run, i) => times[i].push(cpuMs(run)));
  const cells = times.map((t) => {
    const median = t.sort((a, b) => a - b)[Math.floor(t.length / 2)];
    return `${median.toFixed(1)} | ${(flops / (median * 1e6)).toFixed(2)}`;
  });
  stdout.write(`| ${name} | ${shape} | ${cells.join(" | ")} |\n`);
}

/** A float32 buffer of `size` uniform values in [−1, 1). */
function randomBuffer(backend, rng, size) {
  const id = backend.alloc(size);
  backend.write(id, Float32Array.from({ length: size }, () => rng.uniform(-1, 1)));
  return id;
}

const heads = builds.map((_, i) => (i === 0 ? "ms | GFLOPS" : "ms (other) | GFLOPS (other)"));
stdout.write(`| kernel | shape | ${heads.join(" | ")} |\n|${" --- |".repeat(2 + 2 * builds.length)}\n`);

// Dense(784 → n) on a batch of 128: forward x·W (NN), weight gradient xᵀ·dy (TN), input gradient dy·Wᵀ (NT)
const batch = 128, inputs = 784;
for (const n of [128, 256, 512]) {
  const flops = 2 * batch * inputs * n;
  const variants = [
    ["matmul NN (y = x·W)", `${batch}x${inputs} · ${inputs}x${n}`, [batch * inputs, inputs * n], { m: batch, n, k: inputs }],
    ["matmul TN (dW = xᵀ·dy)", `(${batch}x${inputs})ᵀ · ${batch}x${n}`, [batch * inputs, batch * n], { m: inputs, n, k: batch, transA: true }],
    ["matmul NT (dx = dy·Wᵀ)", `${batch}x${n} · (${inputs}x${n})ᵀ`, [batch * n, inputs * n], { m: batch, n: inputs, k: n, transB: true }],
  ];
  for (const [name, shape, [aSize, bSize], p] of variants) {
    bench(name, shape, flops, (backend, rng) => {
      const a = randomBuffer(backend, rng, aSize), b = randomBuffer(backend, rng, bSize), out = backend.alloc(p.m * p.n);
      return () => backend.matmul(a, b, out, p);
    });
  }
}

for (const [label, xShape, wShape] of [
  ["5x5 1→8 on 28x28", [64, 28, 28, 1], [5, 5, 1, 8]],
  ["5x5 8→16 on 12x12", [64, 12, 12, 8], [5, 5, 8, 16]],
]) {
  const size = (s) => s.reduce((a, b) => a * b, 1);
  const geometry = mods[0].conv2dGeometry(xShape, wShape);
  const ySize = geometry.batch * geometry.outH * geometry.outW * geometry.outC;
  const flops = 2 * ySize * geometry.kH * geometry.kW * geometry.inC;
  const kernels = {
    "conv2d forward": (be, x, w, b, dy, out) => () => be.conv2d(x, w, b, out.y, geometry),
    "conv2d backward input": (be, x, w, b, dy, out) => () => be.conv2dBackwardInput(dy, w, out.dx, geometry),
    "conv2d backward filter": (be, x, w, b, dy, out) => () => be.conv2dBackwardFilter(x, dy, out.dw, geometry),
  };
  for (const [name, make] of Object.entries(kernels)) {
    bench(name, `batch 64, ${label}`, flops, (be, rng) => {
      const x = randomBuffer(be, rng, size(xShape)), w = randomBuffer(be, rng, size(wShape));
      const b = randomBuffer(be, rng, geometry.outC), dy = randomBuffer(be, rng, ySize);
      return make(be, x, w, b, dy, { y: be.alloc(ySize), dx: be.alloc(size(xShape)), dw: be.alloc(size(wShape)) });
    });
  }
}
