/**
 * Mean and standard deviation of the pixels scaled to [0, 1].
 *
 * @example
 * const { mean, std }: PixelStats = pixelStats(train.images);
 */
export interface PixelStats {
  mean: number;
  std: number;
}

/**
 * The MNIST training set's pixel mean and deviation (pixels / 255), rounded to 4 places as
 * published with PyTorch's examples; `pixelStats(train.images)` gives 0.13066 and 0.30811.
 *
 * @example
 * (pixel / 255 - MNIST_STATS.mean) / MNIST_STATS.std;
 */
export const MNIST_STATS: Readonly<PixelStats> = Object.freeze({ mean: 0.1307, std: 0.3081 });

/**
 * Mean and population standard deviation of uint8 pixels divided by 255. Counts each of the 256
 * values once, then mean = Σ c_v·v / (255·N) and σ² = Σ c_v·(v/255 − mean)² / N: exact in float64
 * and one pass over the pixels.
 *
 * @example
 * pixelStats(train.images); // { mean: 0.1306…, std: 0.3081… } for MNIST
 */
export function pixelStats(pixels: Uint8Array): PixelStats {
  const counts = new Float64Array(256);
  for (let i = 0; i < pixels.length; i++) counts[pixels[i]]++;
  const n = pixels.length;
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += counts[v] * (v / 255);
  const mean = sum / n;
  let squares = 0;
  for (let v = 0; v < 256; v++) squares += counts[v] * (v / 255 - mean) ** 2;
  return { mean, std: Math.sqrt(squares / n) };
}
