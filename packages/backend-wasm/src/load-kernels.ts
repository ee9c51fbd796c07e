import type { KernelExports } from "./kernel-exports.js";
import { KERNELS_SHARED_WASM_BASE64, KERNELS_WASM_BASE64 } from "./kernels-wasm.js";

/** Bytes of an embedded module (atob exists in Node ≥ 16 and every browser). */
function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

const compiled: { single?: Promise<WebAssembly.Module>; shared?: Promise<WebAssembly.Module> } = {};

/** The embedded kernels compiled once per process: over a private memory, or a shared one for threads. */
export function compileKernels(shared: boolean): Promise<WebAssembly.Module> {
  if (shared) return (compiled.shared ??= WebAssembly.compile(decode(KERNELS_SHARED_WASM_BASE64)));
  return (compiled.single ??= WebAssembly.compile(decode(KERNELS_WASM_BASE64)));
}

/** Instantiates compiled kernels over `memory`. */
export async function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): Promise<KernelExports> {
  const instance = await WebAssembly.instantiate(module, {
    env: {
      memory,
      // only reachable from AssemblyScript runtime checks, which --noAssert compiles out
      abort: () => {
        throw new Error("wasm backend: kernel aborted");
      },
    },
  });
  return instance.exports as unknown as KernelExports;
}
