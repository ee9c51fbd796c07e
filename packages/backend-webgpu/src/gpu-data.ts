/** A tensor's storage: `size` float32 values at the start of a pooled GPU buffer (which may be longer). */
export class GpuData {
  freed = false;
  constructor(
    readonly buffer: GPUBuffer,
    readonly size: number,
    readonly owner: object,
  ) {}
}
