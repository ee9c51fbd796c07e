import { setFlagsFromString } from "node:v8";
import { createWasmBackend } from "@chainrule/backend-wasm";
import { createWebGpuBackend } from "@chainrule/backend-webgpu";
import { JsBackend, type Backend } from "@chainrule/tensor";
import type { TrainArgs } from "./args.js";
import { CliError } from "./errors.js";

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
 * The backend named by `--backend`: the plain-JavaScript reference (one thread), the WebAssembly
 * SIMD kernels (fused multiply-add where the engine allows) with `threads` threads for matmuls and
 * convolutions, or WebGPU compute shaders on the GPU. When the run gets fewer threads than asked
 * for (the JS and WebGPU backends, or no shared memory / workers for WASM), the note says so. A
 * machine without WebGPU is a {@link CliError} saying what to install or enable.
 *
 * @example
 * const { backend, threads } = await selectBackend("wasm", 2); setBackend(backend);
 */
export async function selectBackend(name: TrainArgs["backend"], threads: number): Promise<SelectedBackend> {
  switch (name) {
    case "js": {
      const note = threads > 1 ? `note: the js backend is single-threaded; --threads ${threads} is ignored (use --backend wasm for threads)` : null;
      return { backend: new JsBackend(), threads: 1, note };
    }
    case "webgpu": {
      const note = threads > 1 ? `note: the webgpu backend computes on the GPU; --threads ${threads} is ignored (it sets the wasm backend's threads)` : null;
      return { backend: await startWebGpu(), threads: 1, note };
    }
    case "wasm": {
      // Node 20 runs relaxed SIMD (the fused multiply-add kernels, 1.2–1.3x faster GEMM here) only
      // behind this V8 flag; Node ≥ 22 has it on. It must be set before the kernels compile.
      setFlagsFromString("--experimental-wasm-relaxed-simd");
      const backend = await createWasmBackend({ threads });
      const note = backend.threads < threads ? `note: asked for ${threads} threads, the wasm backend got ${backend.threads} (no shared memory or worker threads here)` : null;
      return { backend, threads: backend.threads, note };
    }
  }
}

/** The WebGPU backend; where it cannot start, the library's reason (no `webgpu` package, no adapter) as the CLI's one line. */
async function startWebGpu(): Promise<Backend> {
  try {
    return await createWebGpuBackend();
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).replace(/^createWebGpuBackend: /, "");
    throw new CliError(`--backend webgpu: ${reason}`, { cause: e });
  }
}
