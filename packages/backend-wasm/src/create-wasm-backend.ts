import { compileKernels, hasRelaxedSimd, instantiateKernels } from "./load-kernels.js";
import { SHARED_MEMORY_PAGES } from "./kernels-wasm.js";
import { LinearAllocator } from "./linear-allocator.js";
import { hardwareThreads, sharedMemoryUnavailable, threadsText } from "./thread-count.js";
import { ThreadPool } from "./thread-pool.js";
import { WasmBackend } from "./wasm-backend.js";

/**
 * Options of {@link createWasmBackend}.
 *
 * @example
 * const opts: WasmBackendOptions = { threads: 2, initialMemoryMiB: 64, fma: false };
 */
export interface WasmBackendOptions {
  /**
   * Threads for large matmuls (split by columns), convolutions and pooling (split by images), the
   * calling thread included: an integer ≥ 1, default 1, at most the machine's hardware threads
   * (more are clamped to that, as `label` says). Above 1 the memory is shared with worker threads;
   * where SharedArrayBuffer is missing (a browser page that is not cross-origin isolated) or workers
   * fail to start, the backend falls back to one thread and says why in `threadsFallbackReason`.
   */
  threads?: number;
  /** Initial linear memory in MiB (it grows on demand and never shrinks); default 16. */
  initialMemoryMiB?: number;
  /**
   * Fused multiply-add kernels (relaxed SIMD): matmul runs 1.2–1.3x and convolutions 1.1–1.4x
   * faster, and a·b + c is rounded once instead of twice. Default: used where the engine has
   * relaxed SIMD (Chrome ≥ 114, Node ≥ 22, Node 20 with --experimental-wasm-relaxed-simd). `true`
   * requires it (and throws where it is missing); `false` never uses it, and the plain kernels
   * give the same bits on every machine (the fused ones may round differently where the hardware
   * has no FMA).
   */
  fma?: boolean;
}

/**
 * Loads the embedded WebAssembly kernels of the variant it picks, and only those (a module of the
 * package in Node; in a browser bundle, a chunk served beside the app), and returns a Backend
 * running on them.
 *
 * @example
 * import { setBackend } from "@chainrule/tensor";
 * import { createWasmBackend } from "@chainrule/backend-wasm";
 * setBackend(await createWasmBackend());            // one thread
 * setBackend(await createWasmBackend({ threads: 2 })); // matmuls, convs and pooling over two threads
 * setBackend(await createWasmBackend({ fma: false }));  // the same bits on every machine
 */
export async function createWasmBackend(opts: WasmBackendOptions = {}): Promise<WasmBackend> {
  const asked = opts.threads ?? 1;
  if (!Number.isInteger(asked) || asked < 1) {
    throw new RangeError(`createWasmBackend: threads must be an integer ≥ 1 (the calling thread included), got ${asked}`);
  }
  const mib = opts.initialMemoryMiB ?? 16;
  if (!(mib > 0 && mib <= 2048)) throw new RangeError(`createWasmBackend: initialMemoryMiB must be a positive number of MiB up to 2048, got ${mib}`);
  const initial = Math.ceil((mib * 1024 * 1024) / 65536);
  const relaxed = hasRelaxedSimd();
  if (opts.fma === true && !relaxed) {
    throw new Error(
      "createWasmBackend({ fma: true }): this engine has no relaxed SIMD (Node 20 needs --experimental-wasm-relaxed-simd); leave fma unset to fall back",
    );
  }
  const fma = opts.fma ?? relaxed;
  const hardware = await hardwareThreads();
  const threads = Math.min(asked, hardware);
  const clamped = threads < asked ? `asked for ${asked}; this machine has ${hardware}` : null;
  const label = (running: number, notes: (string | null)[]) => {
    const said = notes.filter((n) => n !== null);
    return `wasm, ${fma ? "fma" : "no fma"}, ${threadsText(running)}${said.length > 0 ? ` (${said.join("; ")})` : ""}`;
  };
  let fallback: string | null = null;
  if (threads > 1) {
    fallback = sharedMemoryUnavailable();
    if (!fallback) {
      try {
        const module = await compileKernels(fma ? "fmaShared" : "plainShared");
        const memory = new WebAssembly.Memory({ initial, maximum: SHARED_MEMORY_PAGES, shared: true });
        const k = await instantiateKernels(module, memory);
        const heap = new LinearAllocator(memory, k.heapBase());
        const pool = await ThreadPool.start(threads - 1, module, memory, heap);
        return new WasmBackend(k, heap, { fma, pool, label: label(threads, [clamped]), threadsFallbackReason: null });
      } catch (e) {
        fallback = `setting up the threads failed: ${String(e)}`;
      }
    }
  }
  const memory = new WebAssembly.Memory({ initial });
  const k = await instantiateKernels(await compileKernels(fma ? "fma" : "plain"), memory);
  const why = fallback && `${threadsText(threads)} could not start: ${fallback}`;
  return new WasmBackend(k, new LinearAllocator(memory, k.heapBase()), { fma, pool: null, label: label(1, [clamped, why]), threadsFallbackReason: fallback });
}
