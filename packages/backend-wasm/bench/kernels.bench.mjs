// Kernel speeds of the WASM backend: matmul GFLOPS, conv2d on the MNIST CNN shapes, and GB/s of
// memory-bound kernels, next to the ceiling this machine allows (bench/ceiling.ts). The plain and
// the fused-multiply-add (relaxed SIMD) kernels run side by side: every repetition times each of
// them once, in turn, with the row's reference, so ratios compare runs made under the same load
// (on a shared machine, rates drift by 2x between rows). Figures are medians over many repetitions
// after a warm-up. Run after a build:
//   pnpm --filter @chainrule/backend-wasm build && node bench/kernels.bench.mjs [--quick]
import v8 from "node:v8";
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import asc from "assemblyscript/asc";
import { conv2dGeometry } from "@chainrule/tensor";

// Node 20 runs relaxed SIMD only behind this flag; it must be set before any module compiles.
v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
const { createWasmBackend } = await import("../dist/index.js");

const quick = process.argv.includes("--quick");
const r = quick ? 5 : 1;
const VARIANTS = ["plain", "fma"];

/** The ceiling probes compiled as the kernels are, without and with relaxed SIMD. */
async function compileCeiling(fma) {
  let wasm = null;
  const source = fileURLToPath(new URL("ceiling.ts", import.meta.url));
  const flags = ["-O3", "--noAssert", "--runtime", "stub", "--enable", "simd", "--initialMemory", "1", ...(fma ? ["--enable", "relaxed-simd"] : [])];
  const { error, stderr } = await asc.main([source, "-o", "ceiling.wasm", ...flags], {
    writeFile(name, contents) {
      if (name.endsWith(".wasm")) wasm = contents;
    },
  });
  if (error) throw new Error(`compiling bench/ceiling.ts failed: ${stderr.toString()}`);
  return (await WebAssembly.instantiate(wasm, { env: { abort() {} } })).instance.exports;
}

/**
 * Times each of `fns` once per repetition, in rotating order, after `warm` untimed rounds: the
 * median ms of each, and the median over repetitions of fns[0]'s time ÷ fns[1]'s.
 */
function sideBySide(fns, reps, warm = 3) {
  for (let i = 0; i < warm; i++) fns.forEach((f) => f());
  const times = fns.map(() => []);
  for (let i = 0; i < reps; i++) {
    for (let j = 0; j < fns.length; j++) {
      const v = (i + j) % fns.length;
      const t = performance.now();
      fns[v]();
      times[v].push(performance.now() - t);
    }
  }
  const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
  return {
    median: times.map(median),
    ratio: fns.length > 1 ? median(times[0].map((t0, i) => t0 / times[1][i])) : 1,
  };
}

const compute = [];
/**
 * One compute row: `work` = [plain, fma] closures doing `flops` each, timed side by side with
 * `reference` = [plain, fma] closures doing `refFlops` (what the row is read against, named
 * `refName`): median GFLOPS per variant, the fma speed-up, and each variant's rate as a share of
 * its reference's rate in the same repetitions.
 */
function computeRow(kind, label, flops, work, reps, refName, refFlops, reference) {
  const t = sideBySide([...work, ...reference], reps);
  const rate = (i) => flops / t.median[i] / 1e6;
  const refRate = (i) => refFlops / t.median[i + 2] / 1e6;
  const row = { kind, label };
  VARIANTS.forEach((v, i) => {
    row[`${v} GFLOPS`] = rate(i).toFixed(1);
  });
  row["fma ÷ plain"] = t.ratio.toFixed(2);
  row["read against"] = refName;
  VARIANTS.forEach((v, i) => {
    row[`${v}: share`] = `${((100 * rate(i)) / refRate(i)).toFixed(1)}%`;
  });
  compute.push(row);
}

/** Storage of `size` values uniform in [-1, 1) on each backend, the same values on all. */
function random(backends, size) {
  const v = Float32Array.from({ length: size }, () => Math.random() * 2 - 1);
  return backends.map((be) => {
    const id = be.alloc(size);
    be.write(id, v);
    return id;
  });
}

/** [plain, fma] closures running an m x k · k x n matmul, and its flops. */
function matmulWork(backends, m, k, n) {
  const a = random(backends, m * k), b = random(backends, k * n), out = backends.map((be) => be.alloc(m * n));
  return { run: backends.map((be, i) => () => be.matmul(a[i], b[i], out[i], { m, n, k })), flops: 2 * m * n * k };
}

// the ceiling: the micro-kernel on L1-resident panels, which every matmul row is read against
const ceilings = await Promise.all([compileCeiling(false), compileCeiling(true)]);
const KERNEL_CALLS = 500;
const microKernel = ceilings.map((c) => () => c.microKernel(KERNEL_CALLS));
const MICRO_FLOPS = 16_384 * KERNEL_CALLS;
// The throughput probe at its fastest round count (see ceiling.ts), with the same flops at every count.
const ITERS = 50_000;
const FLOPS_PER_CALL = 96 * 6 * ITERS;
const arithmeticAtBest = ceilings.map((c) => {
  const probes = [1, 2, 3].map((rounds) => () => c.arithmetic((6 * ITERS) / rounds, rounds));
  const { median } = sideBySide(probes, Math.ceil(15 / r));
  return probes[median.indexOf(Math.min(...median))];
});
computeRow("ceiling", "GEMM 4x8 micro-kernel, panels in L1", MICRO_FLOPS, microKernel, Math.ceil(61 / r),
  "f32x4 multiply-add throughput", FLOPS_PER_CALL, arithmeticAtBest);

// The project's measuring stick (../shared/perf/reference-gemm.mjs beside the repository, or
// REFERENCE_GEMM): a plain packed GEMM with the same register block, compiled with the same flags.
// One-thread matmul rows are read against it on the same shape; without it, against the micro-kernel.
const referencePath = process.env.REFERENCE_GEMM ?? fileURLToPath(new URL("../../../../shared/perf/reference-gemm.mjs", import.meta.url));
const reference = existsSync(referencePath)
  ? await import(pathToFileURL(referencePath).href).then(({ referenceGemm }) => Promise.all([referenceGemm({ fma: false }), referenceGemm({ fma: true })]))
  : null;
if (!reference) console.warn(`reference GEMM not found at ${referencePath} (set REFERENCE_GEMM): matmul rows are read against the micro-kernel`);

/**
 * Matmul rows for `sizes` ([m, k, n]) on `backends`, each read against the reference GEMM on the
 * same shape (or the micro-kernel when it is missing), or with `oneThread` (backends without
 * threads) against the same product on one thread.
 */
function benchMatmuls(backends, sizes, oneThread = null) {
  for (const [m, k, n] of sizes) {
    const w = matmulWork(backends, m, k, n);
    const threads = backends[0].threads;
    const reps = m * n * k >= 1 << 30 ? Math.max(5, Math.ceil(15 / r)) : Math.ceil(61 / r);
    const kind = `matmul, ${threads} thread${threads > 1 ? "s" : ""}`;
    const label = `${m}x${k} · ${k}x${n}`;
    if (oneThread) computeRow(kind, label, w.flops, w.run, reps, "1 thread", w.flops, matmulWork(oneThread, m, k, n).run);
    else if (reference) computeRow(kind, label, w.flops, w.run, reps, "reference GEMM", w.flops, reference.map((g) => g.prepare(m, k, n)));
    else computeRow(kind, label, w.flops, w.run, reps, "micro-kernel", MICRO_FLOPS, microKernel);
  }
}

/** The three conv2d passes on `backends`, each read against the 128x784x128 matmul. */
function benchConv(backends, label, xShape, wShape, reps, padding = "valid") {
  const g = conv2dGeometry(xShape, wShape, { padding });
  const xs = g.batch * g.inH * g.inW * g.inC, ys = g.batch * g.outH * g.outW * g.outC, ws = g.kH * g.kW * g.inC * g.outC;
  const x = random(backends, xs), w = random(backends, ws), y = random(backends, ys);
  const dw = backends.map((be) => be.alloc(ws)), dx = backends.map((be) => be.alloc(xs));
  const flops = 2 * g.batch * g.outH * g.outW * g.kH * g.kW * g.inC * g.outC;
  const mm = matmulWork(backends, 128, 784, 128);
  const passes = [
    ["forward", (be, i) => be.conv2d(x[i], w[i], null, y[i], g)],
    ["backward input", (be, i) => be.conv2dBackwardInput(y[i], w[i], dx[i], g)],
    ["backward filter", (be, i) => be.conv2dBackwardFilter(x[i], y[i], dw[i], g)],
  ];
  for (const [pass, run] of passes) {
    computeRow("conv2d", `${label} ${pass}`, flops, backends.map((be, i) => () => run(be, i)), reps, "matmul 128x784x128", mm.flops, mm.run);
  }
}

let backends = [await createWasmBackend({ fma: false }), await createWasmBackend({ fma: true })];
benchMatmuls(backends, [[128, 128, 128], [256, 256, 256], [512, 512, 512], [1024, 1024, 1024], [128, 784, 128], [64, 784, 128]]);
benchConv(backends, "MNIST conv1 [64,28,28,1] * [5,5,1,8]", [64, 28, 28, 1], [5, 5, 1, 8], Math.ceil(41 / r));
benchConv(backends, "MNIST conv2 [64,12,12,8] * [5,5,8,16]", [64, 12, 12, 8], [5, 5, 8, 16], Math.ceil(41 / r));
// chainrule-mnist's CNN pads its convs to keep the image size
benchConv(backends, "CLI conv1 [64,28,28,1] * [3,3,1,8] same", [64, 28, 28, 1], [3, 3, 1, 8], Math.ceil(41 / r), "same");
benchConv(backends, "CLI conv2 [64,14,14,8] * [3,3,8,16] same", [64, 14, 14, 8], [3, 3, 8, 16], Math.ceil(41 / r), "same");

// memory-bound kernels do not multiply-add: the plain backend alone
const memory = [];
const be = backends[0];
const n = 1 << 22;
const [a] = random([be], n), [b] = random([be], n);
const c = be.alloc(n), m = be.alloc(n), v = be.alloc(n), stat = be.alloc(1);
/** GB/s of a kernel that moves `bytesPerElement` bytes for each of `n` elements. */
function benchStream(label, bytesPerElement, run) {
  const t = sideBySide([run], Math.ceil(41 / r));
  const rate = (ms) => `${((n * bytesPerElement) / ms / 1e6).toFixed(1)} GB/s`;
  memory.push({ label: `${label} (${n / 1e6}M floats)`, median: rate(t.median[0]), "median ms": t.median[0].toFixed(3) });
}
benchStream("copy (memcpy: the memory-speed reference)", 8, () => be.copy(a, c, n));
benchStream("binary add", 12, () => be.binary("add", a, [n], b, [n], c, [n]));
benchStream("binary mul broadcast [n/64, 64] * [64]", 8, () => be.binary("mul", a, [n / 64, 64], b, [64], c, [n / 64, 64]));
benchStream("relu", 8, () => be.activation("relu", a, c, n));
benchStream("reluBackward", 12, () => be.activationBackward("relu", a, b, c, n));
benchStream("reduce sum (all)", 4, () => be.reduce("sum", a, [n], [0], stat));
benchStream("reduce sum rows [n/64, 64] axis 1", 4, () => be.reduce("sum", a, [n / 64, 64], [1], c));
benchStream("reduce max cols [n/64, 64] axis 0", 4, () => be.reduce("max", a, [n / 64, 64], [0], c));
benchStream("sumSquares", 4, () => be.sumSquares(a, n, stat, 0));
benchStream("adamUpdate", 28, () => be.adamUpdate(c, b, m, v, n, { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, step: 1 }));

const oneThread = backends;
backends = [await createWasmBackend({ threads: 2, fma: false }), await createWasmBackend({ threads: 2, fma: true })];
benchMatmuls(backends, [[512, 512, 512], [1024, 1024, 1024], [128, 784, 128]], oneThread);
benchConv(backends, "MNIST conv1, 2 threads", [64, 28, 28, 1], [5, 5, 1, 8], Math.ceil(41 / r));
benchConv(backends, "MNIST conv2, 2 threads", [64, 12, 12, 8], [5, 5, 8, 16], Math.ceil(41 / r));

console.log(`@chainrule/backend-wasm kernels, ${new Date().toISOString()}, node ${process.version}, medians over repetitions`);
console.table(compute);
console.table(memory);
