// Convolutions of a 1-channel image at stride 1 (a first layer on grayscale images), with pixels as
// lanes: 4 or 8 adjacent pixels of a row are f32x4 vectors and the filter values are splats, so
// nothing is packed. As GEMMs over im2col, the forward pass would have k = kH·kW only (25 for 5x5),
// packing a panel costing as much as the multiply-adds it fed, and the backward-input pass would
// scatter every value onto dx one at a time. Measured on the MNIST conv1 shapes: see the package
// README.
//   forward:        y[b, oy, ox, o] = bias[o] + Σ_{ky, kx} x[b, oy + ky, ox + kx] · w[ky, kx, 0, o]
//                   register block (4 output channels) x (8 pixels): 2 image loads, 4 splats per tap
//   backward input: dx[b, oy + ky − padT, ox + kx − padL] += Σ_o dy[b, oy, ox, o] · w[ky, kx, 0, o]
//                   over dy in channel planes, one tap at a time
import { storeTransposed } from "./gemm";
import { G_BATCH, G_IN_C, G_IN_H, G_IN_W, G_K_H, G_K_W, G_OUT_C, G_OUT_H, G_OUT_W, G_PAD_LEFT, G_PAD_TOP, G_STRIDE_H, G_STRIDE_W } from "./im2col";
import { madd } from "./madd";
import { cropImages } from "./pad";

/** Pixels per block: two f32x4 vectors. */
const PX = 8;

/**
 * True when `planeForward` computes y for `geo`, a conv whose windows all lie inside x (the only
 * kind conv2d.ts hands on): 1 channel, stride 1, outC a multiple of 4, rows of at least 8 pixels.
 */
export function planeForwardFits(geo: usize): bool {
  return load<i32>(geo + G_IN_C) == 1 && load<i32>(geo + G_STRIDE_H) == 1 && load<i32>(geo + G_STRIDE_W) == 1 &&
    load<i32>(geo + G_OUT_C) % 4 == 0 && load<i32>(geo + G_OUT_W) >= PX;
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

/** True when `planeBackwardInput` computes dx for `geo`: 1 input channel, stride 1, outC a multiple of 4. */
export function planeBackwardInputFits(geo: usize): bool {
  return load<i32>(geo + G_IN_C) == 1 && load<i32>(geo + G_STRIDE_H) == 1 && load<i32>(geo + G_STRIDE_W) == 1 &&
    load<i32>(geo + G_OUT_C) % 4 == 0;
}

/** Bytes of scratch `planeBackwardInput` needs: one image's dy in channel planes and its padded dx. */
export function planeBackwardInputBytes(geo: usize): i32 {
  const outH = load<i32>(geo + G_OUT_H), outW = load<i32>(geo + G_OUT_W), kW = load<i32>(geo + G_K_W);
  const ph = outH + load<i32>(geo + G_K_H) - 1, pw = outW + kW - 1;
  // + kW + 4: a tap's run ends up to kW − 1 values past dxPad (adds of zero), rounded to a vector
  return (outH * pw * load<i32>(geo + G_OUT_C) + ph * pw + kW + 4) * 4;
}

/**
 * dx for a geometry `planeBackwardInputFits` accepts, in the scatter form
 *   dxPad[oy + ky, ox + kx] += Σ_o dy[b, oy, ox, o] · w[ky, kx, 0, o],   dx = dxPad cropped by the padding,
 * one image at a time. dy goes into channel planes with dxPad's row stride pw (zeros in the
 * kW − 1 extra columns), so one tap adds a whole plane onto dxPad shifted by (ky, kx) as a single
 * run of vectors: the columns past each row add zeros onto the next row's start. Each tap's 4
 * filter values are splats, and 4 channels are summed in registers before each read-add-write.
 */
export function planeBackwardInput(dy: usize, w: usize, dx: usize, geo: usize, work: usize): void {
  const batch = load<i32>(geo + G_BATCH), inH = load<i32>(geo + G_IN_H), inW = load<i32>(geo + G_IN_W);
  const outH = load<i32>(geo + G_OUT_H), outW = load<i32>(geo + G_OUT_W), outC = load<i32>(geo + G_OUT_C);
  const kH = load<i32>(geo + G_K_H), kW = load<i32>(geo + G_K_W);
  const padT = load<i32>(geo + G_PAD_TOP), padL = load<i32>(geo + G_PAD_LEFT);
  const ph = outH + kH - 1, pw = outW + kW - 1, run = outH * pw;
  const planeBytes = <usize>(run * 4), padRow = <usize>(pw * 4);
  const planes = work, dxPad = work + <usize>outC * planeBytes;
  const vecRun = run & ~3, vecW = outW & ~3, rowStep = <usize>(outC * 4);
  for (let b = 0; b < batch; b++) {
    // planes[o][oy, ox] = dy[b, oy, ox, o]: 4 pixels x 4 channels transposed at a time
    memory.fill(planes, 0, <usize>outC * planeBytes);
    for (let oy = 0; oy < outH; oy++) {
      const srcRow = dy + <usize>(((b * outH + oy) * outW) * outC) * 4, dstRow = planes + <usize>oy * padRow;
      let ox = 0;
      for (; ox < vecW; ox += 4) {
        for (let o = 0; o < outC; o += 4) {
          const src = srcRow + <usize>(ox * outC + o) * 4;
          storeTransposed(dstRow + <usize>o * planeBytes + <usize>(ox * 4), planeBytes,
            v128.load(src), v128.load(src + rowStep), v128.load(src + 2 * rowStep), v128.load(src + 3 * rowStep));
        }
      }
      for (; ox < outW; ox++) {
        for (let o = 0; o < outC; o++) store<f32>(dstRow + <usize>o * planeBytes + <usize>(ox * 4), load<f32>(srcRow + <usize>(ox * outC + o) * 4));
      }
    }
    memory.fill(dxPad, 0, <usize>((ph * pw + kW + 4) * 4));
    for (let ky = 0; ky < kH; ky++) {
      for (let kx = 0; kx < kW; kx++) {
        const tap = w + <usize>((ky * kW + kx) * outC) * 4;
        const dst = dxPad + <usize>ky * padRow + <usize>(kx * 4);
        for (let o = 0; o < outC; o += 4) {
          const wq = tap + <usize>(o * 4);
          const w0 = v128.load32_splat(wq), w1 = v128.load32_splat(wq, 4), w2 = v128.load32_splat(wq, 8), w3 = v128.load32_splat(wq, 12);
          const src = planes + <usize>o * planeBytes;
          let i = 0;
          for (; i < vecRun; i += 4) {
            const at = <usize>(i * 4);
            let acc = f32x4.mul(w0, v128.load(src + at));
            acc = madd(w1, v128.load(src + planeBytes + at), acc);
            acc = madd(w2, v128.load(src + 2 * planeBytes + at), acc);
            acc = madd(w3, v128.load(src + 3 * planeBytes + at), acc);
            v128.store(dst + at, f32x4.add(v128.load(dst + at), acc));
          }
          for (; i < run; i++) {
            const at = <usize>(i * 4);
            const v = f32x4.extract_lane(w0, 0) * load<f32>(src + at) + f32x4.extract_lane(w1, 0) * load<f32>(src + planeBytes + at) +
              f32x4.extract_lane(w2, 0) * load<f32>(src + 2 * planeBytes + at) + f32x4.extract_lane(w3, 0) * load<f32>(src + 3 * planeBytes + at);
            store<f32>(dst + at, load<f32>(dst + at) + v);
          }
        }
      }
    }
    // dx[iy, ix] = dxPad[iy + padT, ix + padL]; pixels no window reaches get 0
    cropImages(dxPad, ph, pw, padT, padL, 1, b, 1, dx, inH, inW);
  }
}
