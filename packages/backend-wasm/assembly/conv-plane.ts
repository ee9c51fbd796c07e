// The forward convolution of a 1-channel image at stride 1 (a first layer on grayscale images),
// with pixels as lanes: 8 adjacent output pixels of a row are two f32x4 vectors loaded straight
// from an image row, and the filter values are splats, so a 4x8 register block of
// (4 output channels) x (8 pixels) takes 2 image loads and 4 splats per window position and
// nothing is packed. As a GEMM over im2col, k would be only kH·kW (25 for 5x5), and packing a
// panel cost as much as the multiply-adds it fed. Measured on the MNIST conv1 shapes: see the
// package README.
//   y[b, oy, ox, o] = bias[o] + Σ_{ky, kx} x[b, oy + ky, ox + kx] · w[ky, kx, 0, o]
import { storeTransposed } from "./gemm";
import { G_BATCH, G_IN_C, G_IN_H, G_IN_W, G_K_H, G_K_W, G_OUT_C, G_OUT_H, G_OUT_W, G_PAD_LEFT, G_PAD_TOP, G_STRIDE_H, G_STRIDE_W } from "./im2col";
import { madd } from "./madd";

/** Pixels per block: two f32x4 vectors. */
const PX = 8;

/** True when `geo` is a 1-channel, stride-1, unpadded conv with outC a multiple of 4 and rows of at least 8 pixels. */
export function planeForwardFits(geo: usize): bool {
  return load<i32>(geo + G_IN_C) == 1 && load<i32>(geo + G_STRIDE_H) == 1 && load<i32>(geo + G_STRIDE_W) == 1 &&
    load<i32>(geo + G_PAD_TOP) == 0 && load<i32>(geo + G_PAD_LEFT) == 0 &&
    load<i32>(geo + G_OUT_C) % 4 == 0 && load<i32>(geo + G_OUT_W) >= PX &&
    // 'valid' windows: the last one ends on the image's last row and column, or inside
    load<i32>(geo + G_OUT_H) + load<i32>(geo + G_K_H) - 1 <= load<i32>(geo + G_IN_H) &&
    load<i32>(geo + G_OUT_W) + load<i32>(geo + G_K_W) - 1 <= load<i32>(geo + G_IN_W);
}

/** y = conv(x, w) + bias (bias 0: none) for a geometry `planeForwardFits` accepts. */
export function planeForward(x: usize, w: usize, bias: usize, y: usize, geo: usize): void {
  const batch = load<i32>(geo + G_BATCH), inH = load<i32>(geo + G_IN_H), inW = load<i32>(geo + G_IN_W);
  const outH = load<i32>(geo + G_OUT_H), outW = load<i32>(geo + G_OUT_W), outC = load<i32>(geo + G_OUT_C);
  const kH = load<i32>(geo + G_K_H), kW = load<i32>(geo + G_K_W);
  const rowBytes = <usize>(inW * 4), wStep = <usize>(outC * 4);
  const zero = f32x4.splat(0);
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const xRow = x + <usize>((b * inH + oy) * inW) * 4;
      const yRow = y + <usize>((b * outH + oy) * outW * outC) * 4;
      for (let ox0 = 0; ox0 < outW; ox0 += PX) {
        // a last partial group steps back to end on the row's last pixel: its overlap with the
        // previous group is computed twice and written twice with the same values
        const ox = min(ox0, outW - PX);
        for (let o = 0; o < outC; o += 4) {
          let c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
          let wq = w + <usize>(o * 4);
          for (let ky = 0; ky < kH; ky++) {
            let p = xRow + <usize>ky * rowBytes + <usize>(ox * 4);
            for (let kx = 0; kx < kW; kx++) {
              const b0 = v128.load(p), b1 = v128.load(p, 16);
              let av = v128.load32_splat(wq);
              c00 = madd(av, b0, c00);
              c01 = madd(av, b1, c01);
              av = v128.load32_splat(wq, 4);
              c10 = madd(av, b0, c10);
              c11 = madd(av, b1, c11);
              av = v128.load32_splat(wq, 8);
              c20 = madd(av, b0, c20);
              c21 = madd(av, b1, c21);
              av = v128.load32_splat(wq, 12);
              c30 = madd(av, b0, c30);
              c31 = madd(av, b1, c31);
              p += 4;
              wq += wStep;
            }
          }
          if (bias != 0) {
            const bq = bias + <usize>(o * 4);
            let bv = v128.load32_splat(bq);
            c00 = f32x4.add(c00, bv);
            c01 = f32x4.add(c01, bv);
            bv = v128.load32_splat(bq, 4);
            c10 = f32x4.add(c10, bv);
            c11 = f32x4.add(c11, bv);
            bv = v128.load32_splat(bq, 8);
            c20 = f32x4.add(c20, bv);
            c21 = f32x4.add(c21, bv);
            bv = v128.load32_splat(bq, 12);
            c30 = f32x4.add(c30, bv);
            c31 = f32x4.add(c31, bv);
          }
          // rows are channels, lanes pixels: transposed, each pixel's 4 channels are adjacent in y
          const at = yRow + <usize>((ox * outC + o) * 4);
          storeTransposed(at, wStep, c00, c10, c20, c30);
          storeTransposed(at + 4 * wStep, wStep, c01, c11, c21, c31);
        }
      }
    }
  }
}
