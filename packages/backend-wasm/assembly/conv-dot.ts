// A convolution whose output has only a few channels (the backward-input pass of a first layer on
// 1-channel images): a 4x8 GEMM tile would compute 8 columns to keep 1, so instead each output
// value is a dot product of its window with one filter row, 4 k-lanes at a time, 4 pixels at once
// sharing every filter load. Requires every window inside the image (the caller pads).
import { madd } from "./madd";
import { G_IN_C, G_IN_W, G_K_H, G_K_W, G_OUT_W, locatePixel, pixBase, pixIx, pixIy } from "./im2col";

/** Σ of the four lanes. */
function lanes(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/**
 * out[i, c] = Σ_q im2col(x)[i, q] · wt[c·K + q] for pixels i < rows and channels c < n, where the
 * conv `geo` has stride 1 and no padding (every window inside x). Only image rows [rowLo, rowHi)
 * of x hold data (the rest is zero padding): window rows outside it are skipped.
 */
export function convDot(x: usize, geo: usize, wt: usize, out: usize, rows: i32, K: i32, n: i32, rowLo: i32, rowHi: i32): void {
  const runLen = load<i32>(geo + G_K_W) * load<i32>(geo + G_IN_C);
  const runs = load<i32>(geo + G_K_H);
  const rowBytes = <usize>(load<i32>(geo + G_IN_W) * load<i32>(geo + G_IN_C) * 4);
  const pixelBytes = <usize>(load<i32>(geo + G_IN_C) * 4);
  const outW = load<i32>(geo + G_OUT_W);
  const vecLen = runLen & ~3;
  for (let i = 0; i < rows; i += 4) {
    // the 4 window corners; a partial last group repeats its last pixel and drops the copies
    const count = min(4, rows - i);
    locatePixel(geo, i);
    const top = pixIy;
    const p0 = x + <usize>(pixBase * 4);
    let p1 = p0, p2 = p0, p3 = p0;
    let ky0 = 0, ky1 = runs;
    if (pixIx + 3 < outW) {
      // one image row (stride 1, no padding: pixIx is the output column): neighbours are one
      // pixel apart and share the rows that hold data
      p1 = p0 + (count > 1 ? pixelBytes : 0);
      p2 = p0 + (count > 2 ? 2 * pixelBytes : 0);
      p3 = p0 + (count > 3 ? 3 * pixelBytes : 0);
      ky0 = max(0, rowLo - top);
      ky1 = min(runs, rowHi - top);
    } else {
      if (count > 1) locatePixel(geo, i + 1);
      p1 = x + <usize>(pixBase * 4);
      if (count > 2) locatePixel(geo, i + 2);
      p2 = x + <usize>(pixBase * 4);
      if (count > 3) locatePixel(geo, i + 3);
      p3 = x + <usize>(pixBase * 4);
    }
    for (let c = 0; c < n; c++) {
      let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
      let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
      for (let run = ky0; run < ky1; run++) {
        const off = <usize>run * rowBytes;
        const wr = wt + <usize>((c * K + run * runLen) * 4);
        for (let t = 0; t < vecLen; t += 4) {
          const o = off + <usize>(t * 4);
          const wv = v128.load(wr + <usize>(t * 4));
          a0 = madd(v128.load(p0 + o), wv, a0);
          a1 = madd(v128.load(p1 + o), wv, a1);
          a2 = madd(v128.load(p2 + o), wv, a2);
          a3 = madd(v128.load(p3 + o), wv, a3);
        }
        for (let t = vecLen; t < runLen; t++) {
          const o = off + <usize>(t * 4);
          const wv = load<f32>(wr + <usize>(t * 4));
          s0 += load<f32>(p0 + o) * wv;
          s1 += load<f32>(p1 + o) * wv;
          s2 += load<f32>(p2 + o) * wv;
          s3 += load<f32>(p3 + o) * wv;
        }
      }
      const at = out + <usize>((i * n + c) * 4);
      const step = <usize>(n * 4);
      store<f32>(at, lanes(a0) + s0);
      if (count > 1) store<f32>(at + step, lanes(a1) + s1);
      if (count > 2) store<f32>(at + 2 * step, lanes(a2) + s2);
      if (count > 3) store<f32>(at + 3 * step, lanes(a3) + s3);
    }
  }
}
