import { create, globals } from "webgpu";

/** A device on Dawn's default adapter, with what the check reports about it. */
export interface GpuDevice {
  device: GPUDevice;
  adapter: { vendor: string; architecture: string; device: string; description: string };
  /** Whether the device writes timestamps, which the matmul sweep's GPU times need. */
  timestamps: boolean;
}

/**
 * Dawn's GPU in this process (the npm package `webgpu`), kept referenced for the process's life
 * (Node crashes when a collected instance takes a live device with it). Timestamps in nanoseconds:
 * Dawn rounds them to 100 µs unless told not to, too coarse for one product.
 */
const dawn = create(["disable-dawn-features=timestamp_quantization"]);

/**
 * A device on the default adapter with the adapter's largest buffers and, where it has them,
 * timestamp queries; WebGPU's globals (GPUBufferUsage, GPUMapMode, ...) set for the code that
 * names them. Throws when Dawn finds no adapter: no Vulkan driver, or one it refuses.
 *
 * @example
 * const { device, timestamps } = await requestGpuDevice();
 */
export async function requestGpuDevice(): Promise<GpuDevice> {
  Object.assign(globalThis, globals);
  const adapter = await dawn.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) throw new Error("gpu-check: Dawn found no WebGPU adapter: is the GPU's Vulkan driver installed and VK_DRIVER_FILES set?");
  const timestamps = adapter.features.has("timestamp-query");
  const { maxStorageBufferBindingSize, maxBufferSize } = adapter.limits;
  const device = await adapter.requestDevice({
    requiredFeatures: timestamps ? ["timestamp-query"] : [],
    requiredLimits: { maxStorageBufferBindingSize, maxBufferSize },
  });
  const { vendor, architecture, device: name, description } = adapter.info;
  return { device, adapter: { vendor, architecture, device: name, description }, timestamps };
}
