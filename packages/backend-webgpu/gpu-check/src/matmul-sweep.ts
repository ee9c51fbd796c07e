import { Rng, type Backend, type DataId } from "@chainrule/tensor";
import type { GpuTimer } from "./gpu-timer.js";

/** One size of the sweep: [n, n] · [n, n]. */
export interface MatmulRow {
  n: number;
  /** Products timed back to back for the GPU time; 0 without timestamps. */
  reps: number;
  /** GPU time of one product from timestamps, over `reps` back to back; null without timestamps. */
  gpuSeconds: number | null;
  gpuTflops: number | null;
  /** Wall time of writing both operands, the product and reading it back (median of a few). */
  endToEndSeconds: number;
  endToEndTflops: number;
  /** Largest |c − ref| / Σₖ|a·b| over sampled entries, ref summed in float64. */
  maxRelError: number;
}

/** GPU time to spend on back-to-back products of each size, and the most products for it. */
const GPU_SECONDS = 0.2;
const MAX_REPS = 1000;
const END_TO_END_REPS = 5;
/** Entries of each product checked against float64 sums. */
const SAMPLES = 64;

const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];
const tflops = (n: number, seconds: number) => (2 * n ** 3) / seconds / 1e12;

/** Largest error of `c` = a·b over entries drawn with `rng`, relative to the sum of the terms' sizes. */
function maxRelError(a: Float32Array, b: Float32Array, c: ArrayLike<number>, n: number, rng: Rng): number {
  let worst = 0;
  for (let s = 0; s < SAMPLES; s++) {
    const [i, j] = [Math.floor(rng.next() * n), Math.floor(rng.next() * n)];
    let sum = 0;
    let size = 0;
    for (let k = 0; k < n; k++) {
      const term = a[i * n + k] * b[k * n + j];
      sum += term;
      size += Math.abs(term);
    }
    worst = Math.max(worst, Math.abs(c[i * n + j] - sum) / size);
  }
  return worst;
}

/**
 * Times [n, n] · [n, n] on `backend` for each n: end to end (upload, product, readback: what a
 * caller waits for) and, with a timer, on the GPU's clock over products queued back to back (what
 * the kernel reaches); and checks sampled entries of the product against float64 sums.
 *
 * @example
 * const rows = await matmulSweep(backend, [256, 4096], new GpuTimer(backend.device));
 */
export async function matmulSweep(backend: Backend, sizes: readonly number[], timer: GpuTimer | null): Promise<MatmulRow[]> {
  const rows: MatmulRow[] = [];
  for (const n of sizes) {
    const rng = new Rng(n);
    const [hostA, hostB] = [0, 1].map(() => Float32Array.from({ length: n * n }, () => rng.normal()));
    const [a, b, out, flag] = [n * n, n * n, n * n, 1].map((size) => backend.alloc(size));
    const product = () => backend.matmul(a, b, out, { m: n, k: n, n });
    try {
      // the first run compiles the kernel: it checks the numbers and is not timed
      const times: number[] = [];
      let error = 0;
      for (let rep = 0; rep <= END_TO_END_REPS; rep++) {
        const started = performance.now();
        backend.write(a, hostA);
        backend.write(b, hostB);
        product();
        const c = await backend.read(out);
        if (rep === 0) error = maxRelError(hostA, hostB, c, n, rng);
        else times.push((performance.now() - started) / 1000);
      }
      const gpu = timer ? await gpuTime(timer, product, backend, flag) : null;
      const e2e = median(times);
      rows.push({
        n, reps: gpu?.reps ?? 0, gpuSeconds: gpu?.seconds ?? null, gpuTflops: gpu ? tflops(n, gpu.seconds) : null,
        endToEndSeconds: e2e, endToEndTflops: tflops(n, e2e), maxRelError: error,
      });
    } finally {
      for (const id of [a, b, out, flag]) backend.free(id);
    }
  }
  return rows;
}

/** GPU seconds per product, over as many back to back as fill {@link GPU_SECONDS} (one product timed first says how many). */
async function gpuTime(timer: GpuTimer, product: () => void, backend: Backend, flag: DataId): Promise<{ reps: number; seconds: number }> {
  const timed = async (reps: number) => {
    await backend.read(flag); // nothing of the backend's is still queued when the timer starts
    timer.start();
    for (let r = 0; r < reps; r++) product();
    backend.write(flag, [0]); // a write first submits the commands recorded before it, here the products
    return (await timer.stop()) / reps;
  };
  const reps = Math.min(MAX_REPS, Math.max(3, Math.ceil(GPU_SECONDS / (await timed(1)))));
  return { reps, seconds: await timed(reps) };
}
