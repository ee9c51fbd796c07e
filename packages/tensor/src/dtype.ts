/** Element type of a backend's storage: float32 for training, float64 for gradient checks. */
export type DType = "float32" | "float64";

/** The host array type that holds one backend's values. */
export type FloatArray = Float32Array | Float64Array;

/** Bytes per element of a dtype. */
export function bytesPerElement(dtype: DType): number {
  return dtype === "float64" ? 8 : 4;
}

/** Allocates a zeroed host array of the given dtype. */
export function makeArray(dtype: DType, size: number): FloatArray {
  return dtype === "float64" ? new Float64Array(size) : new Float32Array(size);
}
