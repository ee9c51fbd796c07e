// Convolution as GEMM over a virtual im2col matrix (see im2col.ts): the image is never expanded
// in memory for the forward and backward-filter passes; the GEMM reads the windows in place.
//   forward:         y[P, outC]  = im2col(x)[P, K] · w[K, outC] + bias
//   backward filter: dw[K, outC] = im2col(x)ᵀ[K, P] · dy[P, outC]
//   backward input:  dcols[P, K] = dy[P, outC] · wᵀ[outC, K] with col2im fused into the GEMM's
//                    output (each dcols value is added onto the dx pixel it came from). With fewer
//                    than 4 input channels those adds would be scalar and overlapping, and with
//                    k = outC only the GEMM's loop is short, so at stride 1 dx is computed instead
//                    as a convolution of its own when that costs less (TRANSPOSED_MAX_RATIO):
//                    dx = conv(pad(dy), w flipped in space with in / out channels swapped), dy
//                    padded by kH−1−padTop rows (kW−1−padLeft columns) so every window lies
//                    inside, as dot products (conv-dot.ts) below 4 input channels and on the
//                    forward GEMM path above.
// with P = batch·outH·outW pixels and K = kH·kW·inC. A 1-channel image at stride 1 skips all this
// for its forward and backward-input passes (outC a multiple of 4, and for the forward rows of at
// least 8 pixels): pixels as lanes (conv-plane.ts).
// Padded convs run on a zero-padded copy of the image, so no window the GEMM reads crosses a border.
import { convDot } from "./conv-dot";
import { cropImages, imagesPerChunk, padImages } from "./pad";
import { planeBackwardInput, planeBackwardInputBytes, planeBackwardInputFits, planeForward, planeForwardFits } from "./conv-plane";
import { A_IM2COL, A_IM2COL_T, A_MATRIX, C_COL2IM, C_MATRIX, gemm, gemmWorkBytes } from "./gemm";
import {
  allWindowsInside, buildIm2colTables, G_BATCH, G_IN_C, G_IN_H, G_IN_W, G_K_H, G_K_W, G_OUT_C, G_OUT_H, G_OUT_W, G_PAD_LEFT, G_PAD_TOP,
  G_STRIDE_H, G_STRIDE_W, im2colTableBytes, im2colWidth, resetPixelWalk,
} from "./im2col";

/** Bytes reserved for the transposed conv's geometry (13 i32, rounded up). */
const GEO_BYTES = 64;
/** Below this many input channels backward input runs as the transposed conv (scalar col2im adds otherwise). */
const DOT_BELOW_CHANNELS = 4;
/**
 * Most dx pixels per dy pixel for which backward input runs as the transposed conv on the GEMM:
 * measured on the MNIST shapes, col2im ran at 62–72% of the matmul rate (its k is only outC) and
 * the forward conv at 104–121%, so the transposed conv wins while it does < ~1.6x the work.
 */
const TRANSPOSED_MAX_RATIO: f64 = 1.5;

function pixelsPerImage(geo: usize): i32 {
  return load<i32>(geo + G_OUT_H) * load<i32>(geo + G_OUT_W);
}

/**
 * True when backward input runs as a stride-1 convolution of the padded dy (see the top of this
 * file): always below DOT_BELOW_CHANNELS input channels, and otherwise when dx has at most
 * TRANSPOSED_MAX_RATIO times as many pixels as dy, the transposed conv's extra multiply-adds (its
 * windows over dy's zero border) then costing less than the col2im GEMM's short k loses.
 */
function transposable(geo: usize): bool {
  if (load<i32>(geo + G_STRIDE_H) != 1 || load<i32>(geo + G_STRIDE_W) != 1) return false;
  if (load<i32>(geo + G_PAD_TOP) >= load<i32>(geo + G_K_H) || load<i32>(geo + G_PAD_LEFT) >= load<i32>(geo + G_K_W)) return false;
  if (load<i32>(geo + G_IN_C) < DOT_BELOW_CHANNELS) return true;
  const dxPixels = <f64>(load<i32>(geo + G_IN_H) * load<i32>(geo + G_IN_W));
  return dxPixels <= TRANSPOSED_MAX_RATIO * <f64>pixelsPerImage(geo);
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

/** Images of the transposed conv's padded dy (geometry at t) built at once: at most PAD_CHUNK_BYTES of them. */
function transposedChunk(t: usize): i32 {
  return imagesPerChunk(load<i32>(t + G_IN_H) * load<i32>(t + G_IN_W) * load<i32>(t + G_IN_C) * 4, load<i32>(t + G_BATCH), PAD_CHUNK_BYTES);
}

/** Bytes of scratch the transposed backward-input pass needs: geometry, flipped filter, a chunk of padded dy, GEMM scratch. */
function transposedWorkBytes(geo: usize, t: usize): i32 {
  transposedGeometry(geo, t);
  const paddedBytes = transposedChunk(t) * load<i32>(t + G_IN_H) * load<i32>(t + G_IN_W) * load<i32>(t + G_IN_C) * 4;
  return GEO_BYTES + im2colWidth(t) * load<i32>(t + G_OUT_C) * 4 + ((paddedBytes + 15) & ~15) + im2colTableBytes(t) + gemmWorkBytes();
}

/** Most bytes of zero-padded image a conv builds at once: larger batches are padded in chunks of images. */
const PAD_CHUNK_BYTES = 1 << 20;

/**
 * Writes at t the geometry of one chunk of `geo`'s images zero-padded so that every window lies
 * inside: (outH − 1)·sH + kH rows, (outW − 1)·sW + kW columns, no padding left, and as many images
 * as fit in PAD_CHUNK_BYTES (at least one, at most the batch).
 */
function paddedGeometry(geo: usize, t: usize): void {
  memory.copy(t, geo, GEO_BYTES);
  store<i32>(t + G_IN_H, (load<i32>(geo + G_OUT_H) - 1) * load<i32>(geo + G_STRIDE_H) + load<i32>(geo + G_K_H));
  store<i32>(t + G_IN_W, (load<i32>(geo + G_OUT_W) - 1) * load<i32>(geo + G_STRIDE_W) + load<i32>(geo + G_K_W));
  store<i32>(t + G_PAD_TOP, 0);
  store<i32>(t + G_PAD_LEFT, 0);
  const imageBytes = load<i32>(t + G_IN_H) * load<i32>(t + G_IN_W) * load<i32>(t + G_IN_C) * 4;
  store<i32>(t + G_BATCH, imagesPerChunk(imageBytes, load<i32>(geo + G_BATCH), PAD_CHUNK_BYTES));
}

/** Bytes of the padded geometry and one chunk of padded images (written at t). */
function paddedBytes(geo: usize, t: usize): i32 {
  paddedGeometry(geo, t);
  return GEO_BYTES + ((imageElements(t) * 4 + 15) & ~15);
}

/** Bytes of scratch the three conv kernels need for `geo` (`probe` is 64 bytes the sizing may write). */
export function conv2dWorkBytes(geo: usize, probe: usize): i32 {
  let inner = im2colTableBytes(geo) + gemmWorkBytes();
  if (planeBackwardInputFits(geo)) inner = max(inner, planeBackwardInputBytes(geo));
  else if (transposable(geo)) inner = max(inner, transposedWorkBytes(geo, probe));
  return allWindowsInside(geo) ? inner : paddedBytes(geo, probe) + inner;
}

/** Images [b0, b0+count) of `geo`'s input x into dst, laid out as the padded geometry t's input. */
function padInput(x: usize, geo: usize, b0: i32, count: i32, t: usize, dst: usize): void {
  padImages(x, load<i32>(geo + G_IN_H), load<i32>(geo + G_IN_W), load<i32>(geo + G_IN_C), b0, count,
    dst, load<i32>(t + G_IN_H), load<i32>(t + G_IN_W), load<i32>(geo + G_PAD_TOP), load<i32>(geo + G_PAD_LEFT));
}

const PASS_FORWARD = 0;
const PASS_FILTER = 1;
const PASS_INPUT = 2;

/**
 * A conv pass over `geo`'s batch in chunks of zero-padded images, so every window the GEMM reads
 * lies inside. Padding the image once costs a pass over x; reading windows that cross the padding
 * one value at a time cost the padded convs of the MNIST CNN 2–4x (see the package README).
 *   PASS_FORWARD: y = conv(x, w) + bias        (a = x, b = w, c = bias, out = y)
 *   PASS_FILTER:  dw = im2col(x)ᵀ · dy          (a = x, b = dy, out = dw; chunks after the first add)
 *   PASS_INPUT:   dx = crop(col2im(dy · wᵀ))    (a = dy, b = w, out = dx)
 */
function inPaddedChunks(pass: i32, a: usize, b: usize, c: usize, out: usize, geo: usize, work: usize): void {
  const t = work, px = work + GEO_BYTES;
  const rest = work + <usize>paddedBytes(geo, t);
  const outImage = <usize>(pixelsPerImage(geo) * load<i32>(geo + G_OUT_C) * 4);
  const batch = load<i32>(geo + G_BATCH), chunk = load<i32>(t + G_BATCH);
  for (let b0 = 0; b0 < batch; b0 += chunk) {
    const count = min(chunk, batch - b0);
    store<i32>(t + G_BATCH, count);
    if (pass == PASS_FORWARD) {
      padInput(a, geo, b0, count, t, px);
      forwardInside(px, b, c, out + <usize>b0 * outImage, t, rest);
    } else if (pass == PASS_FILTER) {
      padInput(a, geo, b0, count, t, px);
      backwardFilterInside(px, b + <usize>b0 * outImage, out, t, rest, b0 == 0);
    } else {
      backwardInputCol2im(a + <usize>b0 * outImage, b, px, t, rest);
      cropImages(px, load<i32>(t + G_IN_H), load<i32>(t + G_IN_W), load<i32>(geo + G_PAD_TOP), load<i32>(geo + G_PAD_LEFT),
        load<i32>(geo + G_IN_C), b0, count, out, load<i32>(geo + G_IN_H), load<i32>(geo + G_IN_W));
    }
  }
}

/** y = conv(x, w) + bias. */
export function conv2d(x: usize, w: usize, bias: usize, y: usize, geo: usize, work: usize): void {
  if (allWindowsInside(geo)) forwardInside(x, w, bias, y, geo, work);
  else inPaddedChunks(PASS_FORWARD, x, w, bias, y, geo, work);
}

/** The forward pass when every window lies inside x. */
function forwardInside(x: usize, w: usize, bias: usize, y: usize, geo: usize, work: usize): void {
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
  if (allWindowsInside(geo)) backwardFilterInside(x, dy, dw, geo, work, true);
  else inPaddedChunks(PASS_FILTER, x, dy, 0, dw, geo, work);
}

/** dw (+)= im2col(x)ᵀ · dy when every window lies inside x. */
function backwardFilterInside(x: usize, dy: usize, dw: usize, geo: usize, work: usize, overwrite: bool): void {
  const rows = load<i32>(geo + G_BATCH) * pixelsPerImage(geo);
  const outC = load<i32>(geo + G_OUT_C);
  buildIm2colTables(geo, work);
  gemm(A_IM2COL_T, x, 0, 0, geo, work, dy, outC, 1, dw, outC, C_MATRIX, im2colWidth(geo), rows, 0, outC, 0, overwrite, work + <usize>im2colTableBytes(geo));
}

/** dx = ∂L/∂x from dy. */
export function conv2dBackwardInput(dy: usize, w: usize, dx: usize, geo: usize, work: usize): void {
  if (planeBackwardInputFits(geo)) planeBackwardInput(dy, w, dx, geo, work);
  else if (transposable(geo)) backwardInputTransposed(dy, w, dx, geo, work);
  else if (allWindowsInside(geo)) backwardInputCol2im(dy, w, dx, geo, work);
  else inPaddedChunks(PASS_INPUT, dy, w, 0, dx, geo, work);
}

/**
 * dx = conv(pad(dy), flip(w)ᵀ): see the top of this file. Below DOT_BELOW_CHANNELS input channels
 * as dot products (conv-dot.ts), otherwise as a forward conv on the GEMM; dy is padded a chunk of
 * images at a time.
 */
function backwardInputTransposed(dy: usize, w: usize, dx: usize, geo: usize, work: usize): void {
  const t = work;
  transposedGeometry(geo, t);
  const wFlip = t + GEO_BYTES;
  const K = im2colWidth(t);
  const inC = load<i32>(geo + G_IN_C), outC = load<i32>(geo + G_OUT_C);
  const kH = load<i32>(geo + G_K_H), kW = load<i32>(geo + G_K_W);
  const dot = inC < DOT_BELOW_CHANNELS;
  // the filter of the transposed conv, w′[ky, kx, o, c] = w[kH−1−ky, kW−1−kx, c, o]: for dot
  // products one row of K per input channel c, for the GEMM as HWIO ([K, inC], c fastest)
  for (let ky = 0; ky < kH; ky++) {
    for (let kx = 0; kx < kW; kx++) {
      const tap = (ky * kW + kx) * outC;
      for (let c = 0; c < inC; c++) {
        const src = w + <usize>(((((kH - 1 - ky) * kW + (kW - 1 - kx)) * inC + c) * outC) * 4);
        if (dot) {
          memory.copy(wFlip + <usize>((c * K + tap) * 4), src, <usize>(outC * 4));
        } else {
          for (let o = 0; o < outC; o++) store<f32>(wFlip + <usize>(((tap + o) * inC + c) * 4), load<f32>(src + <usize>(o * 4)));
        }
      }
    }
  }
  const batch = load<i32>(geo + G_BATCH), outH = load<i32>(geo + G_OUT_H), outW = load<i32>(geo + G_OUT_W);
  const inH = load<i32>(geo + G_IN_H), inW = load<i32>(geo + G_IN_W);
  const ph = load<i32>(t + G_IN_H), pw = load<i32>(t + G_IN_W);
  const padT = kH - 1 - load<i32>(geo + G_PAD_TOP), padL = kW - 1 - load<i32>(geo + G_PAD_LEFT);
  const chunk = transposedChunk(t);
  const padded = wFlip + <usize>(K * inC * 4);
  const rest = padded + <usize>(((chunk * ph * pw * outC * 4) + 15) & ~15);
  for (let b0 = 0; b0 < batch; b0 += chunk) {
    const count = min(chunk, batch - b0);
    store<i32>(t + G_BATCH, count);
    padImages(dy, outH, outW, outC, b0, count, padded, ph, pw, padT, padL);
    const dxChunk = dx + <usize>(b0 * inH * inW * inC) * 4;
    if (dot) {
      resetPixelWalk();
      convDot(padded, t, wFlip, dxChunk, count * inH * inW, K, inC, padT, padT + outH);
    } else {
      forwardInside(padded, wFlip, 0, dxChunk, t, rest);
    }
  }
}

/** dx = col2im(dy · wᵀ), the col2im fused into the GEMM's output: any stride and padding (faster when no window crosses the padding). */
function backwardInputCol2im(dy: usize, w: usize, dx: usize, geo: usize, work: usize): void {
  const rows = load<i32>(geo + G_BATCH) * pixelsPerImage(geo);
  buildIm2colTables(geo, work);
  memory.fill(dx, 0, <usize>(imageElements(geo) * 4));
  // B(q = o, j = column) = w[column·outC + o]: wᵀ read through strides, no copy
  const outC = load<i32>(geo + G_OUT_C);
  gemm(A_MATRIX, dy, outC, 1, geo, work, w, 1, outC, dx, 0, C_COL2IM, rows, outC, 0, im2colWidth(geo), 0, true, work + <usize>im2colTableBytes(geo));
}
