// Zero-padded copies of NHWC images and the crops that undo them: the conv passes pad an image
// (or dy) once so that no window they read crosses a border, and crop the gradient of a padded
// image back to the image. One image is rows x cols pixels of `channels` floats.

/** Images padded per chunk: as many as fit in `maxBytes` (at least one, at most `batch`). */
export function imagesPerChunk(imageBytes: i32, batch: i32, maxBytes: i32): i32 {
  return min(batch, max(1, maxBytes / max(1, imageBytes)));
}

/**
 * dst image i (ph x pw, i < count) = src image first + i (rows x cols) shifted `top` rows down
 * and `left` columns right, zeros around; what falls outside ph x pw is dropped.
 */
export function padImages(
  src: usize, rows: i32, cols: i32, channels: i32, first: i32, count: i32,
  dst: usize, ph: i32, pw: i32, top: i32, left: i32,
): void {
  const pixel = <usize>(channels * 4), rowBytes = <usize>pw * pixel;
  // a padding wider than the padded image leaves no room for the data (a stride past the input)
  const lead = min(left, pw), copyW = max(0, min(cols, pw - left));
  for (let b = 0; b < count; b++) {
    for (let py = 0; py < ph; py++) {
      const row = dst + <usize>(b * ph + py) * rowBytes;
      const y = py - top;
      if (y < 0 || y >= rows || copyW == 0) {
        memory.fill(row, 0, rowBytes);
        continue;
      }
      memory.fill(row, 0, <usize>lead * pixel);
      memory.copy(row + <usize>lead * pixel, src + <usize>(((first + b) * rows + y) * cols) * pixel, <usize>copyW * pixel);
      memory.fill(row + <usize>(lead + copyW) * pixel, 0, <usize>(pw - lead - copyW) * pixel);
    }
  }
}

/**
 * The inverse of `padImages`: dst image first + i (rows x cols) = src image i (ph x pw) read from
 * `top` rows down and `left` columns right; pixels outside src get 0.
 */
export function cropImages(
  src: usize, ph: i32, pw: i32, top: i32, left: i32, channels: i32, first: i32, count: i32,
  dst: usize, rows: i32, cols: i32,
): void {
  const pixel = <usize>(channels * 4), rowBytes = <usize>pw * pixel;
  const copyW = max(0, min(cols, pw - left));
  for (let b = 0; b < count; b++) {
    for (let y = 0; y < rows; y++) {
      const row = dst + <usize>(((first + b) * rows + y) * cols) * pixel;
      const py = y + top;
      const n = py < ph ? copyW : 0;
      if (n > 0) memory.copy(row, src + <usize>(b * ph + py) * rowBytes + <usize>left * pixel, <usize>n * pixel);
      memory.fill(row + <usize>n * pixel, 0, <usize>(cols - n) * pixel);
    }
  }
}
