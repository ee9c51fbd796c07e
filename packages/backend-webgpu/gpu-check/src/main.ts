// The GPU check (pnpm --filter @chainrule/backend-webgpu gpu-check, or the bundle by itself on a GPU
// machine): the conformance suite, a matmul sweep on the GPU's clock and end to end, and one epoch
// of the bench's CNN, all on one WebGPU device, written as one JSON. A part that throws is recorded
// and the others still run; the exit code is 1 when a test failed, a product was wrong or a part threw.
import { writeFileSync } from "node:fs";
import { runConformance } from "@chainrule/backend-conformance";
import { loadMnist } from "@chainrule/data-mnist/node";
import { createWebGpuBackend } from "../../src/index.js";
import { cnnEpoch } from "./cnn-epoch.js";
import { requestGpuDevice } from "./dawn-device.js";
import { GpuTimer } from "./gpu-timer.js";
import { matmulSweep } from "./matmul-sweep.js";
import { parseCheckOptions, type CheckOptions } from "./options.js";
import { runTests } from "./test-runner.js";

/** A conformance test gets this long; the suite's largest takes about a second on lavapipe. */
const TEST_TIMEOUT_MS = 60_000;
/** Largest matmul error relative to the terms' sizes that counts as right: float32 sums of 4096 terms stay far below. */
const MATMUL_TOLERANCE = 1e-4;

/** The part's result, or what it threw. */
async function part<T>(run: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await run();
  } catch (e) {
    return { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}

let options: CheckOptions;
try {
  options = parseCheckOptions(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(2);
}
const started = performance.now();
const gpu = await requestGpuDevice();
const deviceErrors: string[] = [];
gpu.device.addEventListener("uncapturederror", (e) => deviceErrors.push((e as GPUUncapturedErrorEvent).error.message));
const backend = await createWebGpuBackend({ device: gpu.device });

const conformance = await part(() => {
  runConformance("webgpu", () => createWebGpuBackend({ device: gpu.device }));
  return runTests(TEST_TIMEOUT_MS);
});
const matmul = await part(() => matmulSweep(backend, options.sizes, gpu.timestamps ? new GpuTimer(gpu.device) : null));
const cnn = await part(async () =>
  cnnEpoch(backend, await loadMnist({ dir: options.mnist }), { maxBatches: options.maxBatches, maxSeconds: Infinity, testSamples: options.testSamples }),
);

const failed =
  "error" in conformance || conformance.failed.length > 0 || "error" in matmul || matmul.some((r) => !(r.maxRelError <= MATMUL_TOLERANCE)) ||
  "error" in cnn || deviceErrors.length > 0;
const report = {
  date: new Date().toISOString(),
  label: backend.label,
  adapter: gpu.adapter,
  timestamps: gpu.timestamps,
  node: process.version,
  options: { ...options, maxBatches: Number.isFinite(options.maxBatches) ? options.maxBatches : null },
  ok: !failed,
  conformance,
  matmul,
  matmulTolerance: MATMUL_TOLERANCE,
  cnnEpoch: cnn,
  deviceErrors,
  seconds: (performance.now() - started) / 1000,
};
const json = `${JSON.stringify(report, null, 2)}\n`;
if (options.out) writeFileSync(options.out, json);
process.stdout.write(json);
// a live Dawn instance keeps Node running
process.exit(failed ? 1 : 0);
