import type { MatmulShape } from "../plan.js";
import { median } from "./median.js";

/** How long to time a product. */
export interface MatmulTiming {
  /** Untimed runs first (JIT, caches, thread start-up). */
  warmup: number;
  /** At least this many timed runs... */
  minReps: number;
  /** ...and more while the timed runs total less than this many seconds. */
  budgetSeconds: number;
}

/**
 * GFLOPS of a product from the median time of its runs after warm-up: 2·m·k·n floating-point
 * operations (one multiply and one add per term) per run. A run ends when its promise settles.
 *
 * @example
 * await matmulGflops(async () => backend.matmul(a, b, c, { m: 256, k: 256, n: 256 }), { m: 256, k: 256, n: 256 }, { warmup: 3, minReps: 5, budgetSeconds: 2 });
 */
export async function matmulGflops(run: () => Promise<void>, { m, k, n }: MatmulShape, timing: MatmulTiming): Promise<number> {
  for (let i = 0; i < timing.warmup; i++) await run();
  const times: number[] = [];
  let total = 0;
  while (times.length < timing.minReps || total < timing.budgetSeconds) {
    const t0 = performance.now();
    await run();
    const s = (performance.now() - t0) / 1000;
    times.push(s);
    total += s;
  }
  return (2 * m * k * n) / median(times) / 1e9;
}
