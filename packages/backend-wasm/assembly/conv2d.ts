// Convolution as GEMM over a virtual im2col matrix (see im2col.ts): the image is never expanded
// in memory for the forward and backward-filter passes; the GEMM reads the windows in place.
//   forward:         y[P, outC]  = im2col(x)[P, K] · w[K, outC] + bias
//   backward filter: dw[K, outC] = im2col(x)ᵀ[K, P] · dy[P, outC]
//   backward input:  dcols[P, K] = dy[P, outC] · wᵀ[outC, K] with col2im fused into the GEMM's
//                    output (each dcols value is added onto the dx pixel it came from). With fewer
//                    than 4 input channels those adds would be scalar and overlapping, so for
//                    stride 1 dx is computed instead as a convolution of its own: dx = conv(pad(dy),
//                    w flipped in space with in / out channels swapped), dy padded by kH−1−padTop
//                    rows (kW−1−padLeft columns) so every window lies inside, as dot products
//                    (conv-dot.ts).
// with P = batch·outH·outW pixels and K = kH·kW·inC. A 1-channel image at stride 1 without padding
// skips the GEMM for its forward pass: pixels as lanes (conv-plane.ts).
import { convDot } from "./conv-dot";
import { planeForward, planeForwardFits } from "./conv-plane";
import { A_IM2COL, A_IM2COL_T, A_MATRIX, C_COL2IM, C_MATRIX, gemm, gemmWorkBytes } from "./gemm";
import {
  buildIm2colTables, G_BATCH, G_IN_C, G_IN_H, G_IN_W, G_K_H, G_K_W, G_OUT_C, G_OUT_H, G_OUT_W, G_PAD_LEFT, G_PAD_TOP,
  G_STRIDE_H, G_STRIDE_W, im2colTableBytes, im2colWidth, resetPixelWalk,
} from "./im2col";

/** Bytes reserved for the transposed conv's geometry (13 i32, rounded up). */
const GEO_BYTES = 64;
/** Below this many input channels backward input runs as the transposed conv (scalar col2im adds otherwise). */
const DOT_BELOW_CHANNELS = 4;

function pixelsPerImage(geo: usize): i32 {
  return load<i32>(geo + G_OUT_H) * load<i32>(geo + G_OUT_W);
}

/** True when backward input runs as a stride-1 dot-product convolution of the padded dy. */
function transposable(geo: usize): bool {
  return load<i32>(geo + G_IN_C) < DOT_BELOW_CHANNELS && load<i32>(geo + G_STRIDE_H) == 1 && load<i32>(geo + G_STRIDE_W) == 1 &&
    load<i32>(geo + G_PAD_TOP) < load<i32>(geo + G_K_H) && load<i32>(geo + G_PAD_LEFT) < load<i32>(geo + G_K_W);
}

/**
 * Writes at t the geometry of the transposed conv: input = dy zero-padded to ph x pw (pad kH−1−padTop
 * above, enough below for the last window), kernel kH x kW over outC → inC channels, output inH x inW,
 * stride 1, no padding.
 */
function transposedGeometry(geo: usize, t: usize): void {
  const kH = load<i32>(geo + G_K_H), kW = load<i32>(geo + G_K_W);
  const inH = load<i32>(geo + G_IN_H), inW = load<i32>(geo + G_IN_W);
  const padT = kH - 1 - load<i32>(geo + G_PAD_TOP), padL = kW - 1 - load<i32>(geo + G_PAD_LEFT);
  store<i32>(t + G_BATCH, load<i32>(geo + G_BATCH));
  store<i32>(t + G_IN_H, max(inH + kH - 1, padT + load<i32>(geo + G_OUT_H)));
  store<i32>(t + G_IN_W, max(inW + kW - 1, padL + load<i32>(geo + G_OUT_W)));
  store<i32>(t + G_IN_C, load<i32>(geo + G_OUT_C));
  store<i32>(t + G_OUT_H, inH);
  store<i32>(t + G_OUT_W, inW);
  store<i32>(t + G_OUT_C, load<i32>(geo + G_IN_C));
  store<i32>(t + G_K_H, kH);
  store<i32>(t + G_K_W, kW);
  store<i32>(t + G_STRIDE_H, 1);
  store<i32>(t + G_STRIDE_W, 1);
  store<i32>(t + G_PAD_TOP, 0);
  store<i32>(t + G_PAD_LEFT, 0);
}

function imageElements(geo: usize): i32 {
  return load<i32>(geo + G_BATCH) * load<i32>(geo + G_IN_H) * load<i32>(geo + G_IN_W) * load<i32>(geo + G_IN_C);
}

/** Bytes of scratch the transposed backward-input pass needs: geometry, flipped filter, padded dy. */
function transposedWorkBytes(geo: usize, t: usize): i32 {
  transposedGeometry(geo, t);
  return GEO_BYTES + im2colWidth(t) * load<i32>(t + G_OUT_C) * 4 + imageElements(t) * 4;
}

/** Bytes of scratch the three conv kernels need for `geo` (`probe` is 64 bytes the sizing may write). */
export function conv2dWorkBytes(geo: usize, probe: usize): i32 {
  const general = im2colTableBytes(geo) + gemmWorkBytes();
  return transposable(geo) ? max(general, transposedWorkBytes(geo, probe)) : general;
}

/** y = conv(x, w) + bias. */
export function conv2d(x: usize, w: usize, bias: usize, y: usize, geo: usize, work: usize): void {
  if (planeForwardFits(geo)) {
    planeForward(x, w, bias, y, geo);
    return;
  }
  const rows = load<i32>(geo + G_BATCH) * pixelsPerImage(geo);
  const outC = load<i32>(geo + G_OUT_C);
  buildIm2colTables(geo, work);
  gemm(A_IM2COL, x, 0, 0, geo, work, w, outC, 1, y, outC, C_MATRIX, rows, im2colWidth(geo), 0, outC, bias, true, work + <usize>im2colTableBytes(geo));
}

/** dw = im2col(x)ᵀ · dy, summed over the batch. */
export function conv2dBackwardFilter(x: usize, dy: usize, dw: usize, geo: usize, work: usize): void {
  const rows = load<i32>(geo + G_BATCH) * pixelsPerImage(geo);
  const outC = load<i32>(geo + G_OUT_C);
  buildIm2colTables(geo, work);
  gemm(A_IM2COL_T, x, 0, 0, geo, work, dy, outC, 1, dw, outC, C_MATRIX, im2colWidth(geo), rows, 0, outC, 0, true, work + <usize>im2colTableBytes(geo));
}

/** dx = ∂L/∂x from dy. */
export function conv2dBackwardInput(dy: usize, w: usize, dx: usize, geo: usize, work: usize): void {
  if (transposable(geo)) backwardInputTransposed(dy, w, dx, geo, work);
  else backwardInputCol2im(dy, w, dx, geo, work);
}

/** dx = conv(pad(dy), flip(w)ᵀ) as dot products: see the top of this file. */
function backwardInputTransposed(dy: usize, w: usize, dx: usize, geo: usize, work: usize): void {
  const t = work;
  transposedGeometry(geo, t);
  const wFlip = t + GEO_BYTES;
  const K = im2colWidth(t);
  const inC = load<i32>(geo + G_IN_C), outC = load<i32>(geo + G_OUT_C);
  const padded = wFlip + <usize>(K * inC * 4);
  const kH = load<i32>(geo + G_K_H), kW = load<i32>(geo + G_K_W);
  // wFlip[c][(ky, kx, o)] = w[kH−1−ky, kW−1−kx, c, o]: one row of K per input channel
  for (let c = 0; c < inC; c++) {
    for (let ky = 0; ky < kH; ky++) {
      for (let kx = 0; kx < kW; kx++) {
        const src = w + <usize>(((((kH - 1 - ky) * kW + (kW - 1 - kx)) * inC + c) * outC) * 4);
        memory.copy(wFlip + <usize>((c * K + (ky * kW + kx) * outC) * 4), src, <usize>(outC * 4));
      }
    }
  }
  const batch = load<i32>(geo + G_BATCH), outH = load<i32>(geo + G_OUT_H), outW = load<i32>(geo + G_OUT_W);
  const ph = load<i32>(t + G_IN_H), pw = load<i32>(t + G_IN_W);
  const padT = kH - 1 - load<i32>(geo + G_PAD_TOP), padL = kW - 1 - load<i32>(geo + G_PAD_LEFT);
  // every padded value is written once: zero rows above and below dy, zero strips beside it
  const rowBytes = <usize>(pw * outC * 4), dataBytes = <usize>(outW * outC * 4), leftBytes = <usize>(padL * outC * 4);
  for (let b = 0; b < batch; b++) {
    for (let y = 0; y < ph; y++) {
      const row = padded + <usize>(b * ph + y) * rowBytes;
      const oy = y - padT;
      if (oy < 0 || oy >= outH) {
        memory.fill(row, 0, rowBytes);
        continue;
      }
      memory.fill(row, 0, leftBytes);
      memory.copy(row + leftBytes, dy + <usize>(b * outH + oy) * dataBytes, dataBytes);
      memory.fill(row + leftBytes + dataBytes, 0, rowBytes - leftBytes - dataBytes);
    }
  }
  resetPixelWalk();
  convDot(padded, t, wFlip, dx, batch * load<i32>(geo + G_IN_H) * load<i32>(geo + G_IN_W), K, inC, padT, padT + outH);
}

/** dx = col2im(dy · wᵀ), the col2im fused into the GEMM's output: any stride and padding. */
function backwardInputCol2im(dy: usize, w: usize, dx: usize, geo: usize, work: usize): void {
  const rows = load<i32>(geo + G_BATCH) * pixelsPerImage(geo);
  buildIm2colTables(geo, work);
  memory.fill(dx, 0, <usize>(imageElements(geo) * 4));
  // B(q = o, j = column) = w[column·outC + o]: wᵀ read through strides, no copy
  const outC = load<i32>(geo + G_OUT_C);
  gemm(A_MATRIX, dy, outC, 1, geo, work, w, 1, outC, dx, 0, C_COL2IM, rows, outC, 0, im2colWidth(geo), 0, true, work + <usize>im2colTableBytes(geo));
}
