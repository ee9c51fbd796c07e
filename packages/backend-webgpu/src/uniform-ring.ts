import { BufferUsage } from "./gpu-flags.js";
import type { ParamType } from "./shader.js";

/**
 * The uniform parameters of the dispatches of one submission, in slots of one GPU buffer made once.
 *
 * A dispatch's parameters are written into the next slot of a host copy, and the whole copy goes
 * to the GPU in one `writeBuffer` just before the command buffer that reads it is submitted. The
 * next submission reuses the same slots: WebGPU runs queue operations in order, so that upload
 * lands only after the earlier command buffer has finished reading them. Nothing is allocated per
 * dispatch, and a full ring only means an earlier submission.
 */
export class UniformRing {
  readonly buffer: GPUBuffer;
  /** Bytes per slot: the device's dynamic-offset alignment, at least the largest parameter block. */
  readonly stride: number;
  private readonly host: ArrayBuffer;
  private readonly u32: Uint32Array;
  private readonly i32: Int32Array;
  private readonly f32: Float32Array;
  private used = 0;

  constructor(device: GPUDevice, private readonly slots: number, maxParams: number) {
    const align = device.limits.minUniformBufferOffsetAlignment;
    this.stride = Math.ceil((maxParams * 4) / align) * align;
    this.host = new ArrayBuffer(this.stride * slots);
    this.u32 = new Uint32Array(this.host);
    this.i32 = new Int32Array(this.host);
    this.f32 = new Float32Array(this.host);
    this.buffer = device.createBuffer({ label: "chainrule uniforms", size: this.stride * slots, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST });
  }

  /** Whether a slot is free in this submission. */
  get full(): boolean {
    return this.used === this.slots;
  }

  /** Writes `values` as `types` into the next slot and returns its byte offset. */
  put(types: readonly (readonly [string, ParamType])[], values: readonly number[]): number {
    const offset = this.used++ * this.stride;
    const at = offset / 4;
    for (let i = 0; i < types.length; i++) {
      const type = types[i][1];
      if (type === "f32") this.f32[at + i] = values[i];
      else if (type === "i32") this.i32[at + i] = values[i];
      else this.u32[at + i] = values[i];
    }
    return offset;
  }

  /** Uploads this submission's slots; the next submission starts again at slot 0. */
  upload(queue: GPUQueue): void {
    if (this.used === 0) return;
    queue.writeBuffer(this.buffer, 0, this.host, 0, this.used * this.stride);
    this.used = 0;
  }
}
