// The WebGPU flag values, from the specification. Node's `webgpu` package defines GPUBufferUsage and
// friends only on an object the caller may copy onto globalThis; the backend leaves globalThis
// alone and uses the numbers themselves, which are the same in every implementation.

/** GPUBufferUsage bits. */
export const BufferUsage = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
} as const;

/** GPUMapMode.READ. */
export const MAP_READ = 0x0001;

/** GPUShaderStage.COMPUTE. */
export const COMPUTE_STAGE = 0x4;
