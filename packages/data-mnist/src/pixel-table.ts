import type { PixelStats } from "./pixel-stats.js";

/**
 * How a batch turns uint8 pixels into numbers: "unit" → p/255 in [0, 1]; "standard" → (p/255 − mean)/std.
 *
 * @example
 * train.batches(64, { normalize: "standard" satisfies Normalize });
 */
export type Normalize = "unit" | "standard";

/**
 * The normalisation as one affine map x = (p − shift) · scale with float32 constants, the form the
 * Batcher applies on the backend (a subtraction and a multiplication over the whole batch; a
 * division pass cost 4x a multiplication there): "unit" is p · (1/255), "standard"
 * (p − 255·mean) · 1/(255·std), which is (p/255 − mean)/std.
 *
 * @example
 * pixelAffine("unit", MNIST_STATS); // { shift: 0, scale: 1 / 255 rounded to float32 }
 */
export function pixelAffine(normalize: Normalize, stats: PixelStats): { shift: number; scale: number } {
  if (normalize === "unit") return { shift: 0, scale: Math.fround(1 / 255) };
  if (normalize === "standard") return { shift: Math.fround(255 * stats.mean), scale: Math.fround(1 / (255 * stats.std)) };
  throw new Error(`normalize must be "unit" or "standard", got ${JSON.stringify(normalize)}`);
}

/**
 * The value each of the 256 pixel levels becomes in a float32 batch: each step of
 * {@link pixelAffine} rounded to float32, as a float32 backend computes it. (A float32 operation
 * done in float64 and then rounded gives the correctly rounded float32 result, so JS, WASM and a
 * GPU agree on every value.)
 *
 * @example
 * pixelTable("standard", MNIST_STATS)[0]; // (0 − 0.1307) / 0.3081 = −0.4242…
 */
export function pixelTable(normalize: Normalize, stats: PixelStats): Float64Array {
  const { shift, scale } = pixelAffine(normalize, stats);
  return Float64Array.from({ length: 256 }, (_, v) => Math.fround(Math.fround(v - shift) * scale));
}
