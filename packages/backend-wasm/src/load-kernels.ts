import type { KernelExports } from "./kernel-exports.js";
import { KERNELS_BASE64_LOADERS } from "./kernels-wasm.js";

/** Which embedded binary: SIMD or SIMD with fused multiply-add, over a private or a shared memory. */
export type KernelVariant = keyof typeof KERNELS_BASE64_LOADERS;

/** Bytes of an embedded module (atob exists in Node ≥ 16 and every browser). */
function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

const compiled: Partial<Record<KernelVariant, Promise<WebAssembly.Module>>> = {};

/**
 * The embedded kernels of one variant, compiled once per process. Only this variant's binary is
 * imported (a chunk of its own in a bundle, fetched from where the bundle is served; a local module in Node).
 */
export function compileKernels(variant: KernelVariant): Promise<WebAssembly.Module> {
  return (compiled[variant] ??= KERNELS_BASE64_LOADERS[variant]().then((base64) => WebAssembly.compile(decode(base64))));
}

// The smallest module that uses relaxed SIMD: (func (result v128) v128.const 0 0 0 0 ×3
// f32x4.relaxed_madd). Validating it asks the engine without compiling the kernels.
const RELAXED_SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section
  0x0a, 0x3d, 0x01, 0x3b, 0x00, // code section: one body of 59 bytes, no locals
  0xfd, 0x0c, ...new Array<number>(16).fill(0),
  0xfd, 0x0c, ...new Array<number>(16).fill(0),
  0xfd, 0x0c, ...new Array<number>(16).fill(0),
  0xfd, 0x85, 0x02, // f32x4.relaxed_madd (0xfd 0x105)
  0x0b, // end
]);

/** Whether this engine runs relaxed SIMD (Chrome ≥ 114 and Node ≥ 22 do; Node 20 only with --experimental-wasm-relaxed-simd). */
export function hasRelaxedSimd(): boolean {
  return WebAssembly.validate(RELAXED_SIMD_PROBE);
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
