/**
 * Paints a 28×28 grey image onto a 28×28 canvas. `values` run from 0 (paper) to `max` (ink);
 * `darkInk` shows ink dark on light paper, otherwise light on black as the model sees it.
 *
 * @example
 * paintDigit(canvas, mnistPixels, 255, true);
 */
export function paintDigit(canvas: HTMLCanvasElement, values: ArrayLike<number>, max: number, darkInk: boolean): void {
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("paintDigit: the browser gave no 2D canvas context");
  const image = ctx.createImageData(28, 28);
  for (let p = 0; p < 784; p++) {
    const ink = Math.round((255 * values[p]) / max);
    const v = darkInk ? 255 - ink : ink;
    image.data[4 * p] = image.data[4 * p + 1] = image.data[4 * p + 2] = v;
    image.data[4 * p + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}
