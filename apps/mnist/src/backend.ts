import { createWasmBackend } from "@chainrule/backend-wasm";
import { JsBackend, type Backend } from "@chainrule/tensor";
import type { TrainArgs } from "./args.js";

/** The backend a run uses, the threads it really runs on, and a note when that differs from the request. */
export interface SelectedBackend {
  backend: Backend;
  threads: number;
  note: string | null;
}

/**
 * The backend named by `--backend`: the plain-JavaScript reference or the WebAssembly SIMD kernels.
 * Both run on one thread today, so `--threads N` above 1 gets a note rather than a silent no-op.
 *
 * @example
 * const { backend } = await selectBackend("wasm", 1); setBackend(backend);
 */
export async function selectBackend(name: TrainArgs["backend"], threads: number): Promise<SelectedBackend> {
  const backend = name === "js" ? new JsBackend() : await createWasmBackend();
  const note = threads > 1 ? `note: the ${backend.name} backend runs on one thread; --threads ${threads} has no effect yet` : null;
  return { backend, threads: 1, note };
}
