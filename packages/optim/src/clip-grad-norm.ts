import type { Backend, DataId, FloatArray, Parameter } from "@chainrule/tensor";
import { checkPositive } from "./options.js";

/** A few floats per backend that receive Σ g² of each parameter; kept for reuse, grown when needed. */
interface StatsBuffer {
  id: DataId;
  size: number;
}

// Raw backend storage rather than tensors: these slots are internal and must outlive any tidy scope.
const statsBuffers = new WeakMap<Backend, StatsBuffer>();

function statsBuffer(backend: Backend, size: number): DataId {
  const old = statsBuffers.get(backend);
  if (old && old.size >= size) return old.id;
  if (old) backend.free(old.id);
  const buffer = { id: backend.alloc(size), size };
  statsBuffers.set(backend, buffer);
  return buffer.id;
}

/** The parameters of one backend and the stats buffer their squared norms went to. */
interface Pending {
  backend: Backend;
  params: Parameter[];
  stats: DataId;
}

/** Checks maxNorm and writes Σ g² of each parameter into a slot of its backend's stats buffer. */
function launchSumSquares(params: readonly Parameter[], maxNorm: number, op: string): Pending[] {
  checkPositive(op, "maxNorm", maxNorm);
  const byBackend = new Map<Backend, Parameter[]>();
  for (const p of params) {
    const b = p.grad.backend;
    byBackend.set(b, [...(byBackend.get(b) ?? []), p]);
  }
  return [...byBackend].map(([backend, ps]) => {
    const stats = statsBuffer(backend, ps.length);
    ps.forEach((p, i) => backend.sumSquares(p.grad.dataId, p.size, stats, i));
    return { backend, params: ps, stats };
  });
}

/**
 * From the read-back sums: ‖g‖ = sqrt(Σ over all parameters of Σ g²). When ‖g‖ > maxNorm every
 * gradient is scaled in place by maxNorm / (‖g‖ + 1e-6), as PyTorch's clip_grad_norm_ does. A
 * non-finite norm leaves the gradients alone, so the caller can report the bad step.
 */
function scaleToNorm(pending: readonly Pending[], sums: readonly FloatArray[], maxNorm: number): number {
  let total = 0;
  pending.forEach((g, k) => {
    for (let i = 0; i < g.params.length; i++) total += sums[k][i];
  });
  const norm = Math.sqrt(total);
  if (Number.isFinite(norm) && norm > maxNorm) {
    const scale = maxNorm / (norm + 1e-6);
    for (const g of pending) for (const p of g.params) g.backend.binaryScalar("mul", p.grad.dataId, scale, p.grad.dataId, p.size);
  }
  return norm;
}

/**
 * Clips the gradients to a global L2 norm of at most `maxNorm` and returns the norm before
 * clipping. Reads one small buffer back from each backend (one float per parameter), waiting for
 * the device; see {@link clipGradNormSync} for CPU backends.
 *
 * @example
 * model.backward(loss.backward());
 * const norm = await clipGradNorm(model.parameters(), 1.0);
 * opt.step();
 */
export async function clipGradNorm(params: readonly Parameter[], maxNorm: number): Promise<number> {
  const pending = launchSumSquares(params, maxNorm, "clipGradNorm");
  const sums = await Promise.all(pending.map((g) => g.backend.read(g.stats)));
  return scaleToNorm(pending, sums, maxNorm);
}

/**
 * {@link clipGradNorm} without awaiting, for backends that read synchronously (JS, WASM); throws
 * on a backend that cannot.
 *
 * @example
 * const norm = clipGradNormSync(model.parameters(), 5);
 */
export function clipGradNormSync(params: readonly Parameter[], maxNorm: number): number {
  const pending = launchSumSquares(params, maxNorm, "clipGradNormSync");
  const sums = pending.map((g) => {
    if (!g.backend.readSync) throw new Error(`clipGradNormSync: the ${g.backend.name} backend reads only asynchronously; use await clipGradNorm(...)`);
    return g.backend.readSync(g.stats);
  });
  return scaleToNorm(pending, sums, maxNorm);
}
