import { setFlagsFromString } from "node:v8";
import { createWasmBackend, WasmBackend } from "@chainrule/backend-wasm";
import { createWebGpuBackend } from "@chainrule/backend-webgpu";
import { JsBackend, type Backend } from "@chainrule/tensor";
import type { SystemName } from "../plan.js";
import { chainruleSystem } from "./chainrule-model.js";
import type { System } from "./system.js";

/** The backend of a chainrule system; WebGPU's throws, saying what to install or enable, where there is no adapter. */
async function startBackend(kind: "js" | "wasm" | "webgpu", threads: number): Promise<Backend> {
  switch (kind) {
    case "js":
      return new JsBackend();
    case "wasm":
      setFlagsFromString("--experimental-wasm-relaxed-simd");
      return createWasmBackend({ threads, fma: true });
    case "webgpu":
      return createWebGpuBackend();
  }
}

/**
 * chainrule on its JS reference backend, its WASM SIMD backend with `threads` threads, or WebGPU
 * (the machine's default adapter, through the npm package webgpu). The WASM backend runs its fused
 * multiply-add kernels, as in browsers, Node ≥ 22 and the chainrule-mnist CLI: Node 20 needs the
 * relaxed-SIMD flag for them, set before the kernels compile.
 *
 * @example
 * const sys = await createChainruleSystem("chainrule-wasm-2t", "wasm", 2);
 */
export async function createChainruleSystem(name: SystemName, kind: "js" | "wasm" | "webgpu", threads = 1): Promise<System> {
  const backend = await startBackend(kind, threads);
  // The WASM backend quietly falls back to one thread without shared memory; a row must not claim two.
  if (backend instanceof WasmBackend && backend.threads !== threads) {
    throw new Error(`asked for ${threads} WASM threads but the backend runs ${backend.threads} (no SharedArrayBuffer or worker threads?)`);
  }
  return chainruleSystem(name, backend);
}
