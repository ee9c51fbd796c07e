import { BufferPool } from "./buffer-pool.js";
import type { DeviceState } from "./device-state.js";
import type { Dispatcher } from "./dispatcher.js";
import { BufferUsage, MAP_READ } from "./gpu-flags.js";

/**
 * Reads storage back to the host: a copy into a mappable staging buffer (from a pool of their own)
 * after the recorded work, a submission, and a map. The read settles when the GPU has finished
 * everything recorded before it, or fails at once when the backend ends (disposed, device lost, out
 * of memory): it never waits on a device that will not answer.
 */
export class Readback {
  private readonly staging: BufferPool;

  constructor(
    device: GPUDevice,
    private readonly gpu: Dispatcher,
    private readonly state: DeviceState,
  ) {
    this.staging = new BufferPool((bytes) => device.createBuffer({ label: "chainrule staging", size: bytes, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST }));
  }

  /** The first `size` values of `buffer`, once the work recorded so far has run. */
  async read(buffer: GPUBuffer, size: number): Promise<Float32Array> {
    const bytes = size * 4;
    if (bytes === 0) {
      await this.state.waitFor(this.state.settled());
      return new Float32Array(0);
    }
    const { buffer: staging } = this.staging.take(bytes);
    this.gpu.copy(buffer, 0, staging, 0, bytes);
    this.gpu.flush();
    await this.mapped(staging, bytes);
    // the mapped range is detached by unmap, so the values are copied out first
    const values = new Float32Array(staging.getMappedRange(0, bytes).slice(0));
    staging.unmap();
    this.staging.give(staging);
    return values;
  }

  /** Maps `staging` once the work before it has run, and the error scopes of new buffers have reported (an out-of-memory error shows by this read). */
  private async mapped(staging: GPUBuffer, bytes: number): Promise<void> {
    try {
      await this.state.waitFor(Promise.all([staging.mapAsync(MAP_READ, 0, bytes), this.state.settled()]));
    } catch (e) {
      // a map fails when its device goes away, and the device says why a moment later: that reason is the error
      await this.state.waitFor(new Promise((resolve) => setTimeout(resolve, 100)));
      throw new Error(`webgpu backend read: mapping the result failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Bytes of the staging buffers. */
  get bytes(): number {
    return this.staging.bytes;
  }

  /** Staging buffers made. */
  get buffers(): number {
    return this.staging.buffers;
  }

  /** Destroys the staging buffers. */
  destroy(): void {
    this.staging.destroy();
  }
}
