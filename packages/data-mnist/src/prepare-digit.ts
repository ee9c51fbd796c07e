/**
 * A grey-scale image: `width`·`height` intensities in [0, 1], row-major.
 *
 * @example
 * const img: GreyImage = { width: 2, height: 1, data: new Float32Array([0, 1]) };
 */
export interface GreyImage {
  width: number;
  height: number;
  data: Float32Array;
}

/**
 * A rectangle of pixels [x0, x1) × [y0, y1).
 *
 * @example
 * const box: PixelBox = { x0: 2, y0: 3, x1: 7, y1: 6 }; // 5 wide, 3 tall
 */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * How {@link prepareDigit} reads the picture.
 *
 * @example
 * prepareDigit(canvasInk, { background: "dark" }); // ink = 1 already, never inverted
 */
export interface PrepareDigitOptions {
  /**
   * "dark": ink is bright on a dark background (a canvas read from alpha, MNIST itself);
   * "light": dark ink on light paper (a photo or scan), inverted; "auto" (default): decided by the
   * border, which is mostly background — inverted when its mean is above ½.
   */
  background?: "auto" | "dark" | "light";
}

/** Side of an MNIST image. */
const SIDE = 28;
/** MNIST scaled each digit's longer side to 20 pixels before centring it in the 28×28 field. */
const BOX = 20;
/** After contrast stretching, pixels above this count as ink when finding the bounding box. */
const INK = 0.1;

/**
 * Grey levels from RGBA bytes, composited over white (a transparent background reads as paper):
 * grey = α·(0.299 R + 0.587 G + 0.114 B)/255 + (1 − α).
 *
 * @example
 * const grey = rgbaToGrey(png.data, png.width, png.height); // dark ink on light paper
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
 * black (inverted when the background is light), contrast stretched so the background is 0 and the
 * strongest ink 1, cropped to the ink's bounding box, scaled so the longer side is 20 pixels
 * (aspect kept, area-averaged into grey levels), then pasted into a 28×28 field shifted by whole
 * pixels so its centre of mass lands on (14, 14). Returns 784 values in [0, 1], row-major; all
 * zeros for a picture without ink (one flat colour).
 *
 * @example
 * const x = prepareDigit(rgbaToGrey(png.data, png.width, png.height)); // Float32Array(784)
 * const y = prepareDigit({ width: 280, height: 280, data: alpha }, { background: "dark" });
 */
export function prepareDigit(img: GreyImage, options: PrepareDigitOptions = {}): Float32Array {
  if (!(img.width >= 1 && img.height >= 1)) throw new RangeError(`prepareDigit: the image is empty (${img.width}×${img.height})`);
  if (img.data.length !== img.width * img.height) {
    throw new RangeError(`prepareDigit: a ${img.width}×${img.height} image needs ${img.width * img.height} values but got ${img.data.length}`);
  }
  const out = new Float32Array(SIDE * SIDE);
  const ink = inkLevels(img, options.background ?? "auto");
  const box = inkBox(ink, INK);
  if (!box) return out;
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  const scale = BOX / Math.max(bw, bh);
  const w = Math.max(1, Math.round(bw * scale));
  const h = Math.max(1, Math.round(bh * scale));
  const small = resizeArea(ink, box, w, h);
  // The box holds ink and area averaging keeps it, so the small image has mass.
  const com = centreOfMass(small)!;
  const dx = Math.round(SIDE / 2 - com.x);
  const dy = Math.round(SIDE / 2 - com.y);
  for (let y = 0; y < h; y++) {
    const ty = y + dy;
    if (ty < 0 || ty >= SIDE) continue;
    for (let x = 0; x < w; x++) {
      const tx = x + dx;
      if (tx >= 0 && tx < SIDE) out[ty * SIDE + tx] = Math.min(1, small.data[y * w + x]);
    }
  }
  return out;
}

/** Ink as bright on dark, stretched so the background is 0 and the strongest ink 1. */
function inkLevels(img: GreyImage, background: "auto" | "dark" | "light"): GreyImage {
  const { width: W, height: H, data } = img;
  let invert = background === "light";
  if (background === "auto") {
    let sum = 0;
    for (let x = 0; x < W; x++) sum += data[x] + data[(H - 1) * W + x];
    for (let y = 0; y < H; y++) sum += data[y * W] + data[y * W + W - 1];
    invert = sum / (2 * (W + H)) > 0.5;
  }
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
  return { width: W, height: H, data: out };
}

/**
 * The smallest box holding every pixel brighter than `threshold`; null when there is none.
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
 * Centre of mass of the intensities in pixel-index coordinates (pixel (x, y) sits at x, y):
 * cx = Σ v·x / Σ v. That is how MNIST was centred: its digits' centres of mass measured this way
 * lie within 14 ± 0.5 (checked in the tests on the real test set). Null for a blank image.
 *
 * @example
 * centreOfMass({ width: 2, height: 1, data: new Float32Array([1, 1]) }); // { x: 0.5, y: 0 }
 */
export function centreOfMass(img: GreyImage): { x: number; y: number } | null {
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const v = img.data[y * img.width + x];
      mass += v;
      mx += v * x;
      my += v * y;
    }
  }
  return mass > 0 ? { x: mx / mass, y: my / mass } : null;
}
