/** A grey-scale image: `width`·`height` intensities in [0, 1], row-major, ink = 1 and paper = 0. */
export interface GreyImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** A rectangle of pixels [x0, x1) × [y0, y1). */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Side of an MNIST image. */
export const MNIST_SIDE = 28;
/** Side of the box the digit's longer side was scaled to before centring. */
export const MNIST_BOX = 20;

/**
 * The smallest box holding every pixel brighter than `threshold`; null for a blank image.
 *
 * @example
 * inkBox({ width: 3, height: 3, data: new Float32Array([0, 0, 0, 0, 1, 0, 0, 0, 0]) }); // { x0: 1, y0: 1, x1: 2, y1: 2 }
 */
export function inkBox(img: GreyImage, threshold = 0): PixelBox | null {
  let x0 = img.width;
  let y0 = img.height;
  let x1 = 0;
  let y1 = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (img.data[y * img.width + x] > threshold) {
        if (x < x0) x0 = x;
        if (x >= x1) x1 = x + 1;
        if (y < y0) y0 = y;
        if (y >= y1) y1 = y + 1;
      }
    }
  }
  return x1 > x0 ? { x0, y0, x1, y1 } : null;
}

/**
 * Resizes the part of `img` inside `box` to `outWidth`×`outHeight` by area averaging: each output
 * pixel is the mean of the source over the rectangle it covers (partly covered source pixels count
 * by the covered fraction). This is the anti-aliasing that gave MNIST its grey edges, and it keeps
 * total ink up to the change of area: Σ out = Σ in · (outWidth·outHeight)/(boxWidth·boxHeight).
 *
 * @example
 * resizeArea(img, { x0: 0, y0: 0, x1: 200, y1: 100 }, 20, 10);
 */
export function resizeArea(img: GreyImage, box: PixelBox, outWidth: number, outHeight: number): GreyImage {
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  if (!(bw > 0 && bh > 0 && outWidth > 0 && outHeight > 0)) {
    throw new RangeError(`resizeArea: box ${bw}×${bh} and output ${outWidth}×${outHeight} must all be positive`);
  }
  // Separable: average along x into rows of outWidth, then along y.
  const wx = areaWeights(bw, outWidth);
  const wy = areaWeights(bh, outHeight);
  const rows = new Float32Array(bh * outWidth);
  for (let y = 0; y < bh; y++) {
    const src = (box.y0 + y) * img.width + box.x0;
    for (const { out, src: s, w } of wx) rows[y * outWidth + out] += w * img.data[src + s];
  }
  const data = new Float32Array(outWidth * outHeight);
  for (const { out, src: s, w } of wy) {
    for (let x = 0; x < outWidth; x++) data[out * outWidth + x] += w * rows[s * outWidth + x];
  }
  return { width: outWidth, height: outHeight, data };
}

interface AreaWeight {
  out: number;
  src: number;
  w: number;
}

/**
 * One axis of area resizing from n source pixels to m output pixels: output pixel j covers the
 * source interval [j·n/m, (j+1)·n/m), and source pixel i contributes overlap(i, j) · m/n to it
 * (the overlap length divided by the interval's length n/m).
 */
function areaWeights(n: number, m: number): AreaWeight[] {
  const out: AreaWeight[] = [];
  const span = n / m;
  for (let j = 0; j < m; j++) {
    const lo = j * span;
    const hi = lo + span;
    for (let i = Math.floor(lo); i < Math.min(n, Math.ceil(hi)); i++) {
      const overlap = Math.min(hi, i + 1) - Math.max(lo, i);
      if (overlap > 0) out.push({ out: j, src: i, w: overlap / span });
    }
  }
  return out;
}

/**
 * Centre of mass of the intensities, in continuous coordinates where pixel (x, y) spans
 * [x, x+1) × [y, y+1): cx = Σ v·(x + ½) / Σ v. Null for a blank image.
 *
 * @example
 * centreOfMass({ width: 2, height: 1, data: new Float32Array([1, 1]) }); // { x: 1, y: 0.5 }
 */
export function centreOfMass(img: GreyImage): { x: number; y: number } | null {
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const v = img.data[y * img.width + x];
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  return mass > 0 ? { x: mx / mass, y: my / mass } : null;
}

/**
 * Prepares a drawing the way MNIST digits were made: crop to the ink's bounding box, scale it so the
 * longer side is 20 pixels (aspect ratio kept, area-averaged into grey levels), then paste it into
 * a 28×28 field shifted (by whole pixels) so its centre of mass lands on the field's centre (14, 14).
 * Returns 784 intensities in [0, 1], row-major; all zeros for a blank drawing.
 *
 * @example
 * const pixels = prepareDigit({ width: 280, height: 280, data: inkFromCanvas });
 */
export function prepareDigit(img: GreyImage): Float32Array {
  if (img.data.length !== img.width * img.height) {
    throw new RangeError(`prepareDigit: a ${img.width}×${img.height} image needs ${img.width * img.height} values but got ${img.data.length}`);
  }
  const out = new Float32Array(MNIST_SIDE * MNIST_SIDE);
  const box = inkBox(img);
  if (!box) return out;
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  const scale = MNIST_BOX / Math.max(bw, bh);
  const w = Math.max(1, Math.round(bw * scale));
  const h = Math.max(1, Math.round(bh * scale));
  const small = resizeArea(img, box, w, h);
  // The box holds ink and area averaging keeps it, so the small image has mass.
  const com = centreOfMass(small)!;
  const dx = Math.round(MNIST_SIDE / 2 - com.x);
  const dy = Math.round(MNIST_SIDE / 2 - com.y);
  for (let y = 0; y < h; y++) {
    const ty = y + dy;
    if (ty < 0 || ty >= MNIST_SIDE) continue;
    for (let x = 0; x < w; x++) {
      const tx = x + dx;
      if (tx >= 0 && tx < MNIST_SIDE) out[ty * MNIST_SIDE + tx] = Math.min(1, small.data[y * w + x]);
    }
  }
  return out;
}
