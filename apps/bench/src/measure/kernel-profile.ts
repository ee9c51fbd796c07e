import type { Backend, Conv2dGeometry, MatmulParams, Pool2dGeometry } from "@chainrule/tensor";

/** CPU time one kernel (with one shape) took over a run. */
export interface KernelTime {
  kernel: string;
  calls: number;
  cpuMs: number;
}

/** The Backend interface's methods; a backend's private helpers are not kernels. */
const KERNELS = [
  "alloc", "write", "read", "readSync", "free", "fill", "copy", "matmul", "binary", "binaryScalar", "unary", "activation",
  "activationBackward", "reduce", "argmax", "softmax", "logSoftmax", "softmaxCrossEntropy", "sigmoidCrossEntropy", "meanSquaredError",
  "conv2d", "conv2dBackwardInput", "conv2dBackwardFilter", "maxPool", "maxPoolBackward", "avgPool", "avgPoolBackward",
  "batchNormTrain", "batchNormInfer", "batchNormBackward", "sgdUpdate", "adamUpdate", "rmspropUpdate", "sumSquares",
  "fractionZeros", "fractionOutside",
] as const satisfies readonly (keyof Backend)[];

/** "matmul 128x784x128 tB": the kernel and, for the heavy ones, the sizes that set its cost. */
function label(name: string, args: unknown[]): string {
  if (name === "matmul") {
    const p = args[3] as MatmulParams;
    return `matmul ${p.m}x${p.k}x${p.n}${p.transA ? " tA" : ""}${p.transB ? " tB" : ""}${p.bias ? " +bias" : ""}`;
  }
  if (name.startsWith("conv2d")) {
    const g = args[args.length - 1] as Conv2dGeometry;
    return `${name} ${g.inH}x${g.inW}x${g.inC}→${g.outC} k${g.kH}`;
  }
  if (name.endsWith("Pool") || name.endsWith("PoolBackward")) {
    const g = args[args.length - 1] as Pool2dGeometry;
    return `${name} ${g.inH}x${g.inW}x${g.channels}`;
  }
  if (name === "reduce") return `reduce ${String(args[0])} [${(args[2] as number[]).join(", ")}] axes [${(args[3] as number[]).join(", ")}]`;
  return name;
}

/**
 * Wraps the kernels of a backend (in place) so each call adds its CPU time to a tally per kernel
 * and shape; returns a function reading the tally, largest first. A kernel called from inside
 * another counts toward the outer one only. CPU time, not wall time, because
 * the machines we measure on are shared. A call costs a few µs more, so profile in a separate run
 * from the one that is timed.
 *
 * @example
 * const tally = profileKernels(backend); train(); console.table(tally());
 */
export function profileKernels(backend: Backend): () => KernelTime[] {
  const times = new Map<string, KernelTime>();
  const target = backend as unknown as Record<string, unknown>;
  let depth = 0;
  for (const name of KERNELS) {
    const f = target[name];
    if (typeof f !== "function") continue;
    target[name] = (...args: unknown[]) => {
      if (depth > 0) return (f as (...a: unknown[]) => unknown).apply(backend, args);
      depth++;
      const start = process.cpuUsage();
      try {
        return (f as (...a: unknown[]) => unknown).apply(backend, args);
      } finally {
        const used = process.cpuUsage(start);
        depth--;
        const key = label(name, args);
        const t = times.get(key) ?? { kernel: key, calls: 0, cpuMs: 0 };
        t.calls++;
        t.cpuMs += (used.user + used.system) / 1000;
        times.set(key, t);
      }
    };
  }
  // Copies, so a snapshot stays as it was while the kernels keep running.
  return () => [...times.values()].map((t) => ({ ...t })).sort((a, b) => b.cpuMs - a.cpuMs);
}
