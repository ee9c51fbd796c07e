import type { Conv2dGeometry } from "../backend.js";
import type { FloatArray } from "../dtype.js";
import { matmulArrays } from "./matmul.js";

/** Hands out a scratch array of at least `size` elements, reused across calls. */
export type Scratch = (size: number) => FloatArray;

/** Images per im2col chunk: enough for a large matmul, bounded to about 4M scratch elements. */
function chunkImages(g: Conv2dGeometry): number {
  const perImage = g.outH * g.outW * g.kH * g.kW * g.inC;
  return Math.max(1, Math.min(g.batch, Math.floor((1 << 22) / Math.max(perImage, 1))));
}

/**
 * im2col: row (b, oy, ox) of cols holds the kH·kW·inC input values under that output pixel, ordered
 * (ky, kx, c) to match the HWIO filter flattened to [kH·kW·inC, outC]. Zero where the window
 * leaves the image.
 */
function im2col(x: FloatArray, cols: FloatArray, g: Conv2dGeometry, b0: number, nb: number): void {
  const { inH, inW, inC, outH, outW, kH, kW, strideH, strideW, padTop, padLeft } = g;
  const K = kH * kW * inC;
  let row = 0;
  for (let b = b0; b < b0 + nb; b++) {
    const xb = b * inH * inW * inC;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++, row++) {
        let o = row * K;
        for (let ky = 0; ky < kH; ky++) {
          const iy = oy * strideH - padTop + ky;
          if (iy < 0 || iy >= inH) {
            cols.fill(0, o, o + kW * inC);
            o += kW * inC;
            continue;
          }
          for (let kx = 0; kx < kW; kx++) {
            const ix = ox * strideW - padLeft + kx;
            if (ix < 0 || ix >= inW) cols.fill(0, o, o + inC);
            else {
              const src = xb + (iy * inW + ix) * inC;
              for (let c = 0; c < inC; c++) cols[o + c] = x[src + c];
            }
            o += inC;
          }
        }
      }
    }
  }
}

/** col2im: the adjoint of im2col, scatter-adding each column row back onto dx. */
function col2im(cols: FloatArray, dx: FloatArray, g: Conv2dGeometry, b0: number, nb: number): void {
  const { inH, inW, inC, outH, outW, kH, kW, strideH, strideW, padTop, padLeft } = g;
  const K = kH * kW * inC;
  let row = 0;
  for (let b = b0; b < b0 + nb; b++) {
    const xb = b * inH * inW * inC;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++, row++) {
        let o = row * K;
        for (let ky = 0; ky < kH; ky++) {
          const iy = oy * strideH - padTop + ky;
          if (iy < 0 || iy >= inH) {
            o += kW * inC;
            continue;
          }
          for (let kx = 0; kx < kW; kx++) {
            const ix = ox * strideW - padLeft + kx;
            if (ix >= 0 && ix < inW) {
              const dst = xb + (iy * inW + ix) * inC;
              for (let c = 0; c < inC; c++) dx[dst + c] += cols[o + c];
            }
            o += inC;
          }
        }
      }
    }
  }
}

/** y[P, outC] = im2col(x)[P, K] · w[K, outC] + bias, chunk by chunk of images. */
export function conv2dArrays(x: FloatArray, w: FloatArray, bias: FloatArray | null, y: FloatArray, g: Conv2dGeometry, scratch: Scratch): void {
  const K = g.kH * g.kW * g.inC;
  const P = g.outH * g.outW;
  const chunk = chunkImages(g);
  const cols = scratch(chunk * P * K);
  for (let b0 = 0; b0 < g.batch; b0 += chunk) {
    const nb = Math.min(chunk, g.batch - b0);
    im2col(x, cols, g, b0, nb);
    matmulArrays(cols, 0, w, 0, y, b0 * P * g.outC, bias, { m: nb * P, n: g.outC, k: K, transA: false, transB: false, accumulate: false });
  }
}

/** dcols = dy · wᵀ, then col2im onto dx. */
export function conv2dBackwardInputArrays(dy: FloatArray, w: FloatArray, dx: FloatArray, g: Conv2dGeometry, scratch: Scratch): void {
  const K = g.kH * g.kW * g.inC;
  const P = g.outH * g.outW;
  const chunk = chunkImages(g);
  const cols = scratch(chunk * P * K);
  dx.fill(0, 0, g.batch * g.inH * g.inW * g.inC);
  for (let b0 = 0; b0 < g.batch; b0 += chunk) {
    const nb = Math.min(chunk, g.batch - b0);
    matmulArrays(dy, b0 * P * g.outC, w, 0, cols, 0, null, { m: nb * P, n: K, k: g.outC, transA: false, transB: true, accumulate: false });
    col2im(cols, dx, g, b0, nb);
  }
}

/** dw[K, outC] = Σ_chunks im2col(x)ᵀ · dy. */
export function conv2dBackwardFilterArrays(x: FloatArray, dy: FloatArray, dw: FloatArray, g: Conv2dGeometry, scratch: Scratch): void {
  const K = g.kH * g.kW * g.inC;
  const P = g.outH * g.outW;
  const chunk = chunkImages(g);
  const cols = scratch(chunk * P * K);
  if (g.batch === 0) dw.fill(0, 0, K * g.outC);
  for (let b0 = 0; b0 < g.batch; b0 += chunk) {
    const nb = Math.min(chunk, g.batch - b0);
    im2col(x, cols, g, b0, nb);
    matmulArrays(cols, 0, dy, b0 * P * g.outC, dw, 0, null, { m: K, n: g.outC, k: nb * P, transA: true, transB: false, accumulate: b0 > 0 });
  }
}
