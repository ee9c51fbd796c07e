import { compileKernels, hasRelaxedSimd, instantiateKernels } from "./load-kernels.js";
import { SHARED_MEMORY_PAGES } from "./kernels-wasm.js";
import { LinearAllocator } from "./linear-allocator.js";
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
   * calling thread included (default 1). Above 1 the memory is
   * shared with worker threads; where SharedArrayBuffer is missing (a browser page that is not
   * cross-origin isolated) or workers fail to start, the backend falls back to one thread.
   */
  threads?: number;
  /** Initial linear memory in MiB (it grows on demand); default 16. */
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

/** Whether this environment can share a WebAssembly memory with workers. */
function canShareMemory(): boolean {
  const g = globalThis as { crossOriginIsolated?: boolean };
  return typeof SharedArrayBuffer === "function" && g.crossOriginIsolated !== false;
}

/**
 * Loads the embedded WebAssembly kernels (no network, no file access) and returns a Backend
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
  const initial = Math.ceil(((opts.initialMemoryMiB ?? 16) * 1024 * 1024) / 65536);
  const threads = Math.max(1, Math.floor(opts.threads ?? 1));
  const relaxed = hasRelaxedSimd();
  if (opts.fma === true && !relaxed) {
    throw new Error(
      "createWasmBackend({ fma: true }): this engine has no relaxed SIMD (Node 20 needs --experimental-wasm-relaxed-simd); leave fma unset to fall back",
    );
  }
  const fma = opts.fma ?? relaxed;
  if (threads > 1 && canShareMemory()) {
    try {
      const module = await compileKernels(fma ? "fmaShared" : "plainShared");
      const memory = new WebAssembly.Memory({ initial, maximum: SHARED_MEMORY_PAGES, shared: true });
      const kernels = await instantiateKernels(module, memory);
      const heap = new LinearAllocator(memory, kernels.heapBase());
      const pool = await ThreadPool.start(threads - 1, module, memory, heap);
      return new WasmBackend(kernels, heap, fma, pool);
    } catch {
      // no shared memory or no workers here: one thread still works
    }
  }
  const memory = new WebAssembly.Memory({ initial });
  const kernels = await instantiateKernels(await compileKernels(fma ? "fma" : "plain"), memory);
  return new WasmBackend(kernels, new LinearAllocator(memory, kernels.heapBase()), fma);
}
