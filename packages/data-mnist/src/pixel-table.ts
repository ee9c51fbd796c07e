import type { PixelStats } from "./pixel-stats.js";

/**
 * How a batch turns uint8 pixels into numbers: "unit" → p/255 in [0, 1]; "standard" → (p/255 − mean)/std.
 *
 * @example
 * train.batches(64, { normalize: "standard" satisfies Normalize });
 */
export type Normalize = "unit" | "standard";

/**
 * The value each of the 256 pixel levels becomes, so normalising a batch is one table lookup per
 * pixel.
 *
 * @example
 * pixelTable("standard", MNIST_STATS)[0]; // (0 − 0.1307) / 0.3081 = −0.4242…
 */
export function pixelTable(normalize: Normalize, stats: PixelStats): Float64Array {
  if (normalize !== "unit" && normalize !== "standard") {
    throw new Error(`normalize must be "unit" or "standard", got ${JSON.stringify(normalize)}`);
  }
  const table = new Float64Array(256);
  for (let v = 0; v < 256; v++) table[v] = normalize === "unit" ? v / 255 : (v / 255 - stats.mean) / stats.std;
  return table;
}
