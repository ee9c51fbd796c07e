/**
 * The chainrule `Backend` on WebGPU compute shaders (WGSL, float32), in browsers through
 * `navigator.gpu` and in Node through the npm package `webgpu`.
 *
 * @module @chainrule/backend-webgpu
 */
// WebGPU's types (GPUDevice) for whatever compiles these sources: README examples, the API reference
/// <reference types="@webgpu/types" preserve="true" />
export { createWebGpuBackend, type WebGpuBackend, type WebGpuBackendOptions } from "./create-webgpu-backend.js";
