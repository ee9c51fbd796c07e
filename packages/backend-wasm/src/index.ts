export { createWasmBackend, type WasmBackendOptions } from "./create-wasm-backend.js";
export { WasmBackend } from "./wasm-backend.js";
