/**
 * Element type of a backend's storage: float32 for training, float64 for gradient checks.
 *
 * @example
 * new JsBackend({ dtype: "float64" satisfies DType });
 */
export type DType = "float32" | "float64";

/**
 * The host array type that holds one backend's values.
 *
 * @example
 * const values: FloatArray = await t.data();
 */
export type FloatArray = Float32Array | Float64Array;

/**
 * Bytes per element of a dtype.
 *
 * @example
 * bytesPerElement("float32") * 784; // 3136 bytes for one MNIST image
 */
export function bytesPerElement(dtype: DType): number {
  return dtype === "float64" ? 8 : 4;
}

/**
 * Allocates a zeroed host array of the given dtype.
 *
 * @example
 * const staging = makeArray(backend.dtype, 64 * 784); // Float32Array or Float64Array
 */
export function makeArray(dtype: DType, size: number): FloatArray {
  return dtype === "float64" ? new Float64Array(size) : new Float32Array(size);
}
