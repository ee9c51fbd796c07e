import type { FloatArray } from "@chainrule/tensor";

/**
 * Writes one rows×cols image of raw pixel values, moved down by `dy` and right by `dx` pixels
 * (negative: up, left), into `dst` at `dstOffset`. Pixels that move in from outside the image are
 * 0 (background):
 *   dst[r, c] = src[r − dy, c − dx] where that is inside the image, 0 elsewhere.
 * Each row is one native copy (uint8 to float), which is why normalising waits for the backend.
 *
 * @example
 * writeShifted(train.images, 784 * i, xHost, 784 * b, 28, 28, 1, -2);
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
): void {
  // Columns c with 0 ≤ c − dx < cols: those read from the source; the rest are background.
  const c0 = Math.min(cols, Math.max(0, dx));
  const c1 = Math.max(c0, Math.min(cols, cols + dx));
  for (let r = 0; r < rows; r++) {
    const out = dstOffset + r * cols;
    const sr = r - dy;
    if (sr < 0 || sr >= rows) {
      dst.fill(0, out, out + cols);
      continue;
    }
    const row = srcOffset + sr * cols - dx;
    dst.fill(0, out, out + c0);
    dst.set(src.subarray(row + c0, row + c1), out + c0);
    dst.fill(0, out + c1, out + cols);
  }
}
