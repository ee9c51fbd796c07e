/** A grey-scale image, row-major, values in [0, 1]. */
export interface GreyImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** MNIST digits fit a 20×20 box inside the 28×28 field. */
const FIELD = 28;
const BOX = 20;
/** After contrast stretching, pixels above this count as ink when finding the bounding box. */
const INK = 0.1;

/**
 * Grey levels from RGBA bytes, composited over white (a transparent background reads as paper):
 * grey = α·(0.299 R + 0.587 G + 0.114 B)/255 + (1 − α).
 *
 * @example
 * const grey = rgbaToGrey(png.data, png.width, png.height);
 */
export function rgbaToGrey(rgba: ArrayLike<number>, width: number, height: number): GreyImage {
  if (rgba.length !== width * height * 4) throw new RangeError(`rgbaToGrey: ${rgba.length} bytes for a ${width}×${height} RGBA image (need ${width * height * 4})`);
  const data = new Float32Array(width * height);
  for (let i = 0; i < data.length; i++) {
    const a = rgba[4 * i + 3] / 255;
    const lum = (0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]) / 255;
    data[i] = a * lum + (1 - a);
  }
  return { width, height, data };
}

/**
 * Turns a picture of a digit into an MNIST sample, the way MNIST was prepared: ink made bright on
 * black (inverted when the background is light), contrast stretched, cropped to the ink's bounding
 * box, scaled to fit 20×20 keeping the aspect ratio, then placed in 28×28 so the centre of mass
 * sits at the centre. Returns 784 values in [0, 1].
 *
 * @example
 * const x = toMnistSample(rgbaToGrey(png.data, png.width, png.height)); // Float32Array(784)
 */
export function toMnistSample(img: GreyImage): Float32Array {
  if (img.width < 1 || img.height < 1) throw new RangeError(`toMnistSample: the image is empty (${img.width}×${img.height})`);
  const ink = inkLevels(img);
  const box = boundingBox(ink, img.width, img.height);
  if (!box) throw new RangeError("toMnistSample: the image has no ink (it is one flat colour)");
  const scale = BOX / Math.max(box.w, box.h);
  const w = Math.max(1, Math.round(box.w * scale));
  const h = Math.max(1, Math.round(box.h * scale));
  const small = resampleArea(ink, img.width, box, w, h);
  return centreByMass(small, w, h);
}

/** Ink as bright on dark, stretched so the background is 0 and the strongest ink 1. */
function inkLevels(img: GreyImage): Float32Array {
  const { width: W, height: H, data } = img;
  // The border is mostly background: its mean says whether the paper is light or dark.
  let sum = 0;
  let n = 0;
  for (let x = 0; x < W; x++) {
    sum += data[x] + data[(H - 1) * W + x];
    n += 2;
  }
  for (let y = 0; y < H; y++) {
    sum += data[y * W] + data[y * W + W - 1];
    n += 2;
  }
  const invert = sum / n > 0.5;
  const out = new Float32Array(data.length);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    out[i] = invert ? 1 - data[i] : data[i];
    lo = Math.min(lo, out[i]);
    hi = Math.max(hi, out[i]);
  }
  const range = hi - lo;
  for (let i = 0; i < out.length; i++) out[i] = range > 0 ? (out[i] - lo) / range : 0;
  return out;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function boundingBox(ink: Float32Array, W: number, H: number): Box | null {
  let x0 = W, y0 = H, x1 = -1, y1 = -1;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (ink[y * W + x] > INK) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

/**
 * Area resampling of the `box` of a W-wide image to w×h: each output pixel is the mean of the
 * source area it covers, each source pixel weighted by its overlap. Down-scaling this way is
 * anti-aliased; up-scaling degrades gracefully to nearest-with-blended-edges.
 */
function resampleArea(src: Float32Array, W: number, box: Box, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  const sx = box.w / w;
  const sy = box.h / h;
  for (let oy = 0; oy < h; oy++) {
    const fy0 = oy * sy, fy1 = fy0 + sy;
    for (let ox = 0; ox < w; ox++) {
      const fx0 = ox * sx, fx1 = fx0 + sx;
      let acc = 0;
      for (let y = Math.floor(fy0); y < Math.ceil(fy1); y++) {
        const wy = Math.min(fy1, y + 1) - Math.max(fy0, y);
        for (let x = Math.floor(fx0); x < Math.ceil(fx1); x++) {
          const wx = Math.min(fx1, x + 1) - Math.max(fx0, x);
          acc += wx * wy * src[(box.y + y) * W + box.x + x];
        }
      }
      out[oy * w + ox] = acc / (sx * sy);
    }
  }
  return out;
}

/**
 * Places a w×h patch in the 28×28 field shifted by a whole number of pixels so its centre of mass,
 * in pixel-index coordinates, lands as near to (14, 14) as it can. Index coordinates are what
 * MNIST used: its digits' centres of mass sit at 14 ± 0.5 measured that way (checked on the test set).
 */
function centreByMass(patch: Float32Array, w: number, h: number): Float32Array {
  let m = 0, mx = 0, my = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = patch[y * w + x];
      m += v;
      mx += v * x;
      my += v * y;
    }
  }
  const dx = Math.round(FIELD / 2 - mx / m);
  const dy = Math.round(FIELD / 2 - my / m);
  const out = new Float32Array(FIELD * FIELD);
  for (let y = 0; y < h; y++) {
    const ty = y + dy;
    if (ty < 0 || ty >= FIELD) continue;
    for (let x = 0; x < w; x++) {
      const tx = x + dx;
      if (tx >= 0 && tx < FIELD) out[ty * FIELD + tx] = Math.min(1, patch[y * w + x]);
    }
  }
  return out;
}
