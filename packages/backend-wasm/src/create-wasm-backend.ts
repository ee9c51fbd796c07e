import { compileKernels, instantiateKernels } from "./load-kernels.js";
import { SHARED_MEMORY_PAGES } from "./kernels-wasm.js";
import { LinearAllocator } from "./linear-allocator.js";
import { ThreadPool } from "./thread-pool.js";
import { WasmBackend } from "./wasm-backend.js";

/**
 * Options of {@link createWasmBackend}.
 *
 * @example
 * const opts: WasmBackendOptions = { threads: 2, initialMemoryMiB: 64 };
 */
export interface WasmBackendOptions {
  /**
   * Threads for large matmuls, the calling thread included (default 1). Above 1 the memory is
   * shared with worker threads; where SharedArrayBuffer is missing (a browser page that is not
   * cross-origin isolated) or workers fail to start, the backend falls back to one thread.
   */
  threads?: number;
  /** Initial linear memory in MiB (it grows on demand); default 16. */
  initialMemoryMiB?: number;
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
 * setBackend(await createWasmBackend({ threads: 2 })); // matmuls split over two threads
 */
export async function createWasmBackend(opts: WasmBackendOptions = {}): Promise<WasmBackend> {
  const initial = Math.ceil(((opts.initialMemoryMiB ?? 16) * 1024 * 1024) / 65536);
  const threads = Math.max(1, Math.floor(opts.threads ?? 1));
  if (threads > 1 && canShareMemory()) {
    try {
      const module = await compileKernels(true);
      const memory = new WebAssembly.Memory({ initial, maximum: SHARED_MEMORY_PAGES, shared: true });
      const kernels = await instantiateKernels(module, memory);
      const heap = new LinearAllocator(memory, kernels.heapBase());
      const pool = await ThreadPool.start(threads - 1, module, memory, heap, kernels.gemmWorkBytes());
      return new WasmBackend(kernels, heap, pool);
    } catch {
      // no shared memory or no workers here: one thread still works
    }
  }
  const memory = new WebAssembly.Memory({ initial });
  const kernels = await instantiateKernels(await compileKernels(false), memory);
  return new WasmBackend(kernels, new LinearAllocator(memory, kernels.heapBase()));
}
