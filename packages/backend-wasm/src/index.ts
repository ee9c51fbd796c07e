/**
 * The whole `Backend` interface on WebAssembly SIMD kernels (AssemblyScript, float32), with optional
 * worker threads; loads in Node and browsers with no network access.
 *
 * @module @chainrule/backend-wasm
 */
export { createWasmBackend, type WasmBackendOptions } from "./create-wasm-backend.js";
export { WasmBackend } from "./wasm-backend.js";
