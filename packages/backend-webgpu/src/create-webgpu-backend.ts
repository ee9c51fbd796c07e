import { composeBackend, type Backend, type BackendMemory } from "@chainrule/tensor";
import { findGpu, noAdapterHint } from "./find-gpu.js";
import { WebGpuKernels } from "./webgpu-kernels.js";

/**
 * Options of {@link createWebGpuBackend}.
 *
 * @example
 * const opts: WebGpuBackendOptions = { device: await adapter.requestDevice() };
 */
export interface WebGpuBackendOptions {
  /**
   * A device to run on instead of one the backend requests from the default adapter. It stays
   * yours: `dispose()` leaves it alive (destroy it yourself to let a Node process exit).
   */
  device?: GPUDevice;
}

/**
 * A chainrule Backend on WebGPU, with the device it runs on.
 *
 * @example
 * const backend: WebGpuBackend = await createWebGpuBackend();
 * console.log(backend.label, backend.gpuMemory());
 */
export interface WebGpuBackend extends Backend {
  /** The device the kernels run on. */
  readonly device: GPUDevice;
  /**
   * GPU memory the backend holds, which `memory()` (live tensors) does not count: tensor buffers
   * in use and pooled for reuse, staging buffers for reads and the uniform buffer. A steady
   * workload stops it growing after its first step.
   */
  gpuMemory(): BackendMemory;
}

/** "webgpu, nvidia ampere (NVIDIA GeForce RTX 3080)": the vendor, architecture and description the adapter reports. */
function labelOf(info: GPUAdapterInfo | undefined): string {
  const kind = [info?.vendor, info?.architecture].filter(Boolean).join(" ") || "unknown adapter";
  const detail = info?.description || info?.device;
  return `webgpu, ${kind}${detail ? ` (${detail})` : ""}`;
}

/** A device on the default adapter, with the adapter's own limits on buffer sizes (the defaults are 128 / 256 MiB). */
async function requestDevice(): Promise<{ device: GPUDevice; info: GPUAdapterInfo }> {
  const gpu = await findGpu();
  const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) throw new Error(`createWebGpuBackend: no WebGPU adapter: ${noAdapterHint()}`);
  const { maxStorageBufferBindingSize, maxBufferSize } = adapter.limits;
  const device = await adapter.requestDevice({ requiredLimits: { maxStorageBufferBindingSize, maxBufferSize } });
  return { device, info: adapter.info };
}

/**
 * Makes a Backend on WebGPU: `navigator.gpu` in browsers, the npm package `webgpu` in Node. The
 * primitives and the fused kernels (activations, softmax cross-entropy, SGD and Adam steps) are
 * WGSL compute shaders; every other kernel runs as a composite of them (`composeBackend`).
 * Throws, saying what to install or enable, where there is no WebGPU or no adapter.
 *
 * @example
 * import { setBackend } from "@chainrule/tensor";
 * import { createWebGpuBackend } from "@chainrule/backend-webgpu";
 * const backend = await createWebGpuBackend();
 * setBackend(backend);
 * console.log(backend.label); // "webgpu, mesa software (llvmpipe …)" on lavapipe
 * backend.dispose();          // destroys its buffers and device: Node can exit
 */
export async function createWebGpuBackend(opts: WebGpuBackendOptions = {}): Promise<WebGpuBackend> {
  const given = opts.device;
  const { device, info } = given ? { device: given, info: (given as { adapterInfo?: GPUAdapterInfo }).adapterInfo } : await requestDevice();
  const kernels = new WebGpuKernels({ device, ownsDevice: !given, label: labelOf(info) });
  return Object.assign(composeBackend(kernels), { device, gpuMemory: () => kernels.gpuMemory() });
}
