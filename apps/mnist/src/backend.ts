import { setFlagsFromString } from "node:v8";
import { createWasmBackend } from "@chainrule/backend-wasm";
import { JsBackend, type Backend } from "@chainrule/tensor";
import type { TrainArgs } from "./args.js";

/**
 * The backend a run uses (its `label` says what runs: "wasm, fma, 2 threads"), the threads it
 * really runs on, and a note when that differs from the request.
 */
export interface SelectedBackend {
  backend: Backend;
  threads: number;
  note: string | null;
}

/**
 * The backend named by `--backend`: the plain-JavaScript reference (one thread) or the WebAssembly
 * SIMD kernels (fused multiply-add where the engine allows) with `threads` threads for matmuls and convolutions. When the run gets fewer threads than asked
 * for (the JS backend, or no shared memory / workers for WASM), the note says so.
 *
 * @example
 * const { backend, threads } = await selectBackend("wasm", 2); setBackend(backend);
 */
export async function selectBackend(name: TrainArgs["backend"], threads: number): Promise<SelectedBackend> {
  if (name === "js") {
    const note = threads > 1 ? `note: the js backend is single-threaded; --threads ${threads} is ignored (use --backend wasm for threads)` : null;
    return { backend: new JsBackend(), threads: 1, note };
  }
  // Node 20 runs relaxed SIMD (the fused multiply-add kernels, 1.2–1.3x faster GEMM here) only
  // behind this V8 flag; Node ≥ 22 has it on. It must be set before the kernels compile.
  setFlagsFromString("--experimental-wasm-relaxed-simd");
  const backend = await createWasmBackend({ threads });
  const note = backend.threads < threads ? `note: asked for ${threads} threads, the wasm backend got ${backend.threads} (no shared memory or worker threads here)` : null;
  return { backend, threads: backend.threads, note };
}
