import { setFlagsFromString } from "node:v8";
import { createWasmBackend } from "@chainrule/backend-wasm";
import { JsBackend, type Backend } from "@chainrule/tensor";
import type { LessonArgs } from "./args.js";

/** The backend a lesson runs on (its `label` says what runs: "wasm, fma, 1 thread") and how many threads it got. */
export interface SelectedBackend {
  backend: Backend;
  threads: number;
}

/**
 * The backend named by `--backend`: the plain-JavaScript reference (one thread) or the WebAssembly
 * SIMD kernels, with fused multiply-adds where the engine allows and `threads` threads.
 *
 * @example
 * const { backend, threads } = await selectBackend("wasm", 1); setBackend(backend);
 */
export async function selectBackend(name: LessonArgs["backend"], threads: number): Promise<SelectedBackend> {
  if (name === "js") return { backend: new JsBackend(), threads: 1 };
  // Node 20 runs relaxed SIMD (the fused multiply-add kernels) only behind this V8 flag; Node ≥ 22
  // has it on. It must be set before the kernels compile.
  setFlagsFromString("--experimental-wasm-relaxed-simd");
  const backend = await createWasmBackend({ threads });
  return { backend, threads: backend.threads };
}
