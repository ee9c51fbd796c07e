import type { FloatArray } from "@chainrule/tensor";

/**
 * Writes one rows×cols image, moved down by `dy` and right by `dx` pixels (negative: up, left), into
 * `dst` at `dstOffset`, mapping each pixel through `table`. Pixels that move in from outside the
 * image are pixel value 0 (background), i.e. `table[0]`:
 *   dst[r, c] = table[src[r − dy, c − dx]] where that is inside the image, table[0] elsewhere.
 *
 * @example
 * writeShifted(train.images, 784 * i, xHost, 784 * b, 28, 28, 1, -2, pixelTable("unit", MNIST_STATS));
 */
export function writeShifted(
  src: Uint8Array,
  srcOffset: number,
  dst: FloatArray,
  dstOffset: number,
  rows: number,
  cols: number,
  dy: number,
  dx: number,
  table: Float64Array,
): void {
  const background = table[0];
  // Columns c with 0 ≤ c − dx < cols: those read from the source; the rest are background.
  const c0 = Math.min(cols, Math.max(0, dx));
  const c1 = Math.max(c0, Math.min(cols, cols + dx));
  for (let r = 0; r < rows; r++) {
    const out = dstOffset + r * cols;
    const sr = r - dy;
    if (sr < 0 || sr >= rows) {
      dst.fill(background, out, out + cols);
      continue;
    }
    const row = srcOffset + sr * cols - dx;
    for (let c = 0; c < c0; c++) dst[out + c] = background;
    for (let c = c0; c < c1; c++) dst[out + c] = table[src[row + c]];
    for (let c = c1; c < cols; c++) dst[out + c] = background;
  }
}
