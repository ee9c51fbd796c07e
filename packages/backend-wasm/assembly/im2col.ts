// im2col without the im2col matrix: the conv kernels hand the GEMM an image plus geometry, and the
// GEMM reads the window values straight from the NHWC image (in place, or through packed panels
// where k blocks cut windows apart).
// Row (b, oy, ox) of the virtual im2col matrix holds the kH·kW·inC values under that output pixel,
// ordered (ky, kx, c) like the HWIO filter flattened to [kH·kW·inC, outC]. Every window the GEMM
// reads lies inside the image: conv2d.ts zero-pads a padded image before handing it on.
//
// The geometry is 13 i32 fields written by the host (the Conv2dGeometry fields, in this order).
// The table holds, for each column q = (ky, kx, c), the offset (ky·inW + kx)·inC + c from the
// window's corner, so packing never divides per element.

export const G_BATCH = 0;
export const G_IN_H = 4;
export const G_IN_W = 8;
export const G_IN_C = 12;
export const G_OUT_H = 16;
export const G_OUT_W = 20;
export const G_OUT_C = 24;
export const G_K_H = 28;
export const G_K_W = 32;
export const G_STRIDE_H = 36;
export const G_STRIDE_W = 40;
export const G_PAD_TOP = 44;
export const G_PAD_LEFT = 48;

/** K = kH·kW·inC, the length of one im2col row. */
export function im2colWidth(geo: usize): i32 {
  return load<i32>(geo + G_K_H) * load<i32>(geo + G_K_W) * load<i32>(geo + G_IN_C);
}

/** Bytes of the offset table for `geo`. */
export function im2colTableBytes(geo: usize): i32 {
  return (im2colWidth(geo) * 4 + 15) & ~15;
}

/** Fills the offset table (K i32) at tab; starts a new pixel walk. */
export function buildIm2colTables(geo: usize, tab: usize): void {
  const kH = load<i32>(geo + G_K_H), kW = load<i32>(geo + G_K_W), inC = load<i32>(geo + G_IN_C), inW = load<i32>(geo + G_IN_W);
  resetPixelWalk();
  let q = 0;
  for (let ky = 0; ky < kH; ky++) {
    for (let kx = 0; kx < kW; kx++) {
      for (let ch = 0; ch < inC; ch++, q++) {
        store<i32>(tab + <usize>(q * 4), (ky * inW + kx) * inC + ch);
      }
    }
  }
}

/** The last pixel located: its window corner (row, column; may be negative) and element offset. */
export let pixIy: i32 = 0;
export let pixIx: i32 = 0;
export let pixBase: i32 = 0;
// ... and its (image, row, column): callers walk pixels in order, and stepping to the next one
// needs no division (three divisions per pixel cost as much as a 5x5x1 window's math)
let lastPixel: i32 = -2;
let curB: i32 = 0;
let curOy: i32 = 0;
let curOx: i32 = 0;

/** Forgets the last pixel located: call before walking the pixels of a new geometry. */
export function resetPixelWalk(): void {
  lastPixel = -2;
}

/** Where output pixel `i` (counted over batch·outH·outW) reads: sets pixIy, pixIx and pixBase. */
export function locatePixel(geo: usize, i: i32): void {
  const outH = load<i32>(geo + G_OUT_H), outW = load<i32>(geo + G_OUT_W);
  const inH = load<i32>(geo + G_IN_H), inW = load<i32>(geo + G_IN_W), inC = load<i32>(geo + G_IN_C);
  if (i == lastPixel + 1 && i > 0) {
    if (++curOx == outW) {
      curOx = 0;
      if (++curOy == outH) {
        curOy = 0;
        curB++;
      }
    }
  } else {
    const P = outH * outW;
    curB = i / P;
    const rem = i - curB * P;
    curOy = rem / outW;
    curOx = rem - curOy * outW;
  }
  lastPixel = i;
  pixIy = curOy * load<i32>(geo + G_STRIDE_H) - load<i32>(geo + G_PAD_TOP);
  pixIx = curOx * load<i32>(geo + G_STRIDE_W) - load<i32>(geo + G_PAD_LEFT);
  pixBase = ((curB * inH + pixIy) * inW + pixIx) * inC;
}

/** True when every window of the conv lies inside the image (no padding is ever read). */
export function allWindowsInside(geo: usize): bool {
  return load<i32>(geo + G_PAD_TOP) == 0 && load<i32>(geo + G_PAD_LEFT) == 0 &&
    (load<i32>(geo + G_OUT_H) - 1) * load<i32>(geo + G_STRIDE_H) + load<i32>(geo + G_K_H) <= load<i32>(geo + G_IN_H) &&
    (load<i32>(geo + G_OUT_W) - 1) * load<i32>(geo + G_STRIDE_W) + load<i32>(geo + G_K_W) <= load<i32>(geo + G_IN_W);
}

/**
 * Packs rows [i0, i0+mc) (output pixels) x columns [q0, q0+kc) of im2col(x) into 4-row panels:
 * panel[q·4 + r] = im2col(x)[i0 + r, q0 + q].
 */
export function packIm2col(dst: usize, x: usize, geo: usize, tab: usize, i0: i32, mc: i32, q0: i32, kc: i32): void {
  const rows = load<i32>(geo + G_BATCH) * load<i32>(geo + G_OUT_H) * load<i32>(geo + G_OUT_W);
  const offs = tab + <usize>(q0 * 4);
  const adjacentPixels = load<i32>(geo + G_IN_C) == 1 && load<i32>(geo + G_STRIDE_W) == 1;
  for (let ir = 0; ir < mc; ir += 4) {
    const panel = dst + <usize>(ir * kc * 4);
    if (adjacentPixels && ir + 4 <= mc) locatePixel(geo, i0 + ir);
    // (pixel ir+3 must sit in the same output row: with stride 1 and no padding, pixIx is the column)
    if (adjacentPixels && ir + 4 <= mc && pixIx + 3 < load<i32>(geo + G_OUT_W)) {
      // 4 neighbours in one row of a 1-channel image, stride 1: their values at window column q are
      // 4 adjacent floats, so one unaligned load is a whole packed column
      const base = x + <usize>(pixBase * 4);
      for (let q = 0; q < kc; q++) v128.store(panel + <usize>(q * 16), v128.load(base + <usize>(load<i32>(offs + <usize>(q * 4)) * 4)));
      // the walk now stands on pixel ir+3 of the same row, so the next panel steps without dividing
      curOx += 3;
      lastPixel += 3;
      continue;
    }
    for (let r = 0; r < 4; r++) {
      const i = i0 + ir + r;
      const out = panel + <usize>(r * 4);
      if (i >= rows) {
        for (let q = 0; q < kc; q++) store<f32>(out + <usize>(q * 16), 0);
      } else {
        locatePixel(geo, i);
        const base = x + <usize>(pixBase * 4);
        for (let q = 0; q < kc; q++) {
          store<f32>(out + <usize>(q * 16), load<f32>(base + <usize>(load<i32>(offs + <usize>(q * 4)) * 4)));
        }
      }
    }
  }
}

/**
 * Packs rows [i0, i0+mc) (im2col columns) x columns [q0, q0+kc) (output pixels) of im2col(x)ᵀ:
 * panel[q·4 + r] = im2col(x)[q0 + q, i0 + r]. When inC is a multiple of 4, four consecutive
 * columns starting at a multiple of 4 are four adjacent channels of one pixel: one vector load.
 */
export function packIm2colT(dst: usize, x: usize, geo: usize, tab: usize, i0: i32, mc: i32, q0: i32, kc: i32): void {
  const vectorRows = (load<i32>(geo + G_IN_C) & 3) == 0 && (i0 & 3) == 0;
  for (let q = 0; q < kc; q++) {
    locatePixel(geo, q0 + q);
    const base = x + <usize>(pixBase * 4);
    for (let ir = 0; ir < mc; ir += 4) {
      const out = dst + <usize>((ir * kc + q * 4) * 4);
      const col = i0 + ir;
      if (vectorRows && ir + 4 <= mc) {
        v128.store(out, v128.load(base + <usize>(load<i32>(tab + <usize>(col * 4)) * 4)));
        continue;
      }
      for (let r = 0; r < 4; r++) {
        const v: f32 = ir + r < mc ? load<f32>(base + <usize>(load<i32>(tab + <usize>((col + r) * 4)) * 4)) : 0;
        store<f32>(out + <usize>(r * 4), v);
      }
    }
  }
}
