// The GEMM engine every matrix product runs through: C[m, n] += A[m, k] · B[k, n] (row-major C
// with row stride ldc). B is copied into "packed" panels of NR = 8 columns (8 values per k) and A,
// when it is a matrix, into panels of MR = 4 rows stored k-major (4 values per k), so the inner
// loop reads both with unit stride. Each 4x8 block of C then lives in 8 f32x4 registers for a
// whole k-run: per k, 2 B loads and 4 A splats feed 8 multiply-adds (16 flops per 6 loads).
// Measured here: 4x8 keeps all 11 vectors in registers; 4x16 spilled and ran at half speed.
//
// Block sizes (BLIS's loop order jc → pc → ic → jr → ir): a KC x NR B micro-panel (8 KiB) stays
// in L1 while it meets every A micro-panel of the MC x KC block (128 KiB, in L2); the KC x NC
// packed B block (1 MiB) stays in L2/L3 across the whole of A.
//
// Convolutions read A straight from the image ("implicit im2col"): kernelRuns walks each A row as
// `runs` runs of `runLen` values `aStep` bytes apart, a run starting at row base + runTab[run].
// Packing an im2col panel would cost about as much as the multiply-adds it feeds when n is only 8
// or 16 (the MNIST convs), so the implicit reads matter.
import { madd } from "./madd";
import {
  G_IN_C, G_IN_H, G_IN_W, G_K_W, G_OUT_H, G_OUT_W, G_STRIDE_H, G_STRIDE_W, locatePixel, packIm2col, packIm2colT, pixBase,
} from "./im2col";

const MR = 4;
const NR = 8;
const KC = 256;
const MC = 128;
const NC = 1024;

/** How the A operand is read: a strided matrix, or an image read through im2col (or its transpose). */
export const A_MATRIX = 0;
export const A_IM2COL = 1;
export const A_IM2COL_T = 2;

/** Where C goes: a row-major matrix, or scatter-added into an image through col2im (the adjoint of im2col). */
export const C_MATRIX = 0;
export const C_COL2IM = 1;

const PACK_B_BYTES = KC * NC * 4;
const PACK_A_BYTES = MC * KC * 4;
const TILE_BYTES = MR * NR * 4;
const RUN_TAB_BYTES = KC * 4;
const PIXEL_TAB_BYTES = MC * 4;
const BIAS_BYTES = NC * 4;

/** Bytes of scratch one gemm call needs (packed B and A blocks, edge tile, run and pixel tables, padded bias). */
export function gemmWorkBytes(): i32 {
  return PACK_B_BYTES + PACK_A_BYTES + TILE_BYTES + RUN_TAB_BYTES + PIXEL_TAB_BYTES + BIAS_BYTES;
}

/**
 * C (+)= A · B over the columns [n0, n1) of C. A(i, q) is a[i·ars + q·acs] in mode A_MATRIX, or
 * an im2col view of the image at `a` described by the conv geometry `geo` and index tables `tab`.
 * B(q, j) is b[q·brs + j·bcs]. All pointers are byte addresses, all strides element counts.
 * `overwrite` replaces C instead of adding to it; a non-zero `bias` adds bias[j] to every row.
 * In cMode C_COL2IM, C is im2col-shaped (rows = output pixels of `geo`, columns = window positions)
 * and each value is added onto the image pixel it was read from: a fused col2im, no C matrix.
 */
export function gemm(
  aMode: i32, a: usize, ars: i32, acs: i32, geo: usize, tab: usize,
  b: usize, brs: i32, bcs: i32, c: usize, ldc: i32, cMode: i32,
  m: i32, k: i32, n0: i32, n1: i32, bias: usize, overwrite: bool, work: usize,
): void {
  const bp = work;
  const ap = work + PACK_B_BYTES;
  const tile = ap + PACK_A_BYTES;
  const runTab = tile + TILE_BYTES;
  const pixTab = runTab + RUN_TAB_BYTES;
  const biasPad = pixTab + PIXEL_TAB_BYTES;
  if (k == 0) {
    writeWithoutProduct(c, ldc, m, n0, n1, bias, overwrite);
    return;
  }
  // forward conv: a window is kH runs of kW·inC adjacent values; k blocks hold whole runs
  const runLen = aMode == A_IM2COL ? load<i32>(geo + G_K_W) * load<i32>(geo + G_IN_C) : 0;
  // (except a 1-channel image at stride 1, whose packing is one vector load per k: packIm2col)
  const implicitRows = aMode == A_IM2COL && runLen <= KC && !(load<i32>(geo + G_IN_C) == 1 && load<i32>(geo + G_STRIDE_W) == 1);
  // backward filter: k runs over pixels, one run per output row
  const implicitCols = aMode == A_IM2COL_T && load<i32>(geo + G_OUT_W) <= KC;
  // ... and then dy can feed the kernel as stored when its rows are whole 8-column panels
  const directB = implicitCols && bcs == 1 && (brs & 7) == 0;
  let kBlock = KC;
  if (implicitRows) {
    kBlock = (KC / runLen) * runLen;
  } else if (implicitCols) {
    const outW = load<i32>(geo + G_OUT_W);
    kBlock = (KC / outW) * outW;
  }
  for (let jc = n0; jc < n1; jc += NC) {
    const nc = min(NC, n1 - jc);
    // the kernel adds bias 8 columns at a time: a zero-padded copy keeps edge panels in bounds
    if (bias != 0) {
      memory.copy(biasPad, bias + <usize>(jc * 4), <usize>(nc * 4));
      memory.fill(biasPad + <usize>(nc * 4), 0, <usize>((((nc + 7) & ~7) - nc) * 4));
    }
    for (let pc = 0; pc < k; pc += kBlock) {
      const kc = min(kBlock, k - pc);
      if (!directB) packB(bp, b, brs, bcs, pc, kc, jc, nc);
      if (implicitRows) windowRunTable(runTab, geo, pc / runLen, kc / runLen);
      if (implicitCols) pixelRunTable(runTab, geo, pc, kc);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        if (implicitRows || cMode == C_COL2IM) pixelTable(pixTab, geo, ic, mc);
        if (implicitRows) {
          // A is read in place
        } else if (aMode == A_MATRIX) packA(ap, a, ars, acs, ic, mc, pc, kc);
        else if (aMode == A_IM2COL) packIm2col(ap, a, geo, tab, ic, mc, pc, kc);
        else if (!implicitCols) packIm2colT(ap, a, geo, tab, ic, mc, pc, kc);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const bpanel = directB ? b + <usize>((pc * brs + jc + jr) * 4) : bp + <usize>(jr * kc * 4);
          const bStep = directB ? <usize>(brs * 4) : NR * 4;
          // bias and overwriting apply once, in the first k block
          const biasAt = pc == 0 && bias != 0 ? biasPad + <usize>(jr * 4) : 0;
          const loadC = pc > 0 || !overwrite;
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const c0 = c + <usize>(((ic + ir) * ldc + jc + jr) * 4);
            const ldcBytes = <usize>(ldc * 4);
            if (cMode == C_COL2IM) {
              scatterTile(kc, ap + <usize>(ir * kc * 4), bpanel, c, geo, tab, pixTab + <usize>(ir * 4), jc + jr, mr, nr, tile);
              continue;
            }
            if (implicitRows) {
              const t = pixTab + <usize>(ir * 4);
              kernelRuns(kc / runLen, runTab, runLen,
                a + <usize>(load<i32>(t) * 4), a + <usize>(load<i32>(t, 4) * 4), a + <usize>(load<i32>(t, 8) * 4), a + <usize>(load<i32>(t, 12) * 4),
                4, bpanel, bStep, c0, c0 + ldcBytes, c0 + 2 * ldcBytes, c0 + 3 * ldcBytes, mr, nr, tile, biasAt, loadC);
            } else if (implicitCols) {
              // rows are im2col columns: A(r, pixel) = x[pixel base + offset of column r]
              const offs = tab + <usize>((ic + ir) * 4);
              const o0 = load<i32>(offs);
              const step = <usize>(load<i32>(geo + G_STRIDE_W) * load<i32>(geo + G_IN_C) * 4);
              kernelRuns(kc / load<i32>(geo + G_OUT_W), runTab, load<i32>(geo + G_OUT_W),
                a + <usize>(o0 * 4), a + <usize>((mr > 1 ? load<i32>(offs, 4) : o0) * 4),
                a + <usize>((mr > 2 ? load<i32>(offs, 8) : o0) * 4), a + <usize>((mr > 3 ? load<i32>(offs, 12) : o0) * 4),
                step, bpanel, bStep, c0, c0 + ldcBytes, c0 + 2 * ldcBytes, c0 + 3 * ldcBytes, mr, nr, tile, biasAt, loadC);
            } else {
              kernelPacked(kc, ap + <usize>(ir * kc * 4), bpanel, c0, c0 + ldcBytes, c0 + 2 * ldcBytes, c0 + 3 * ldcBytes, mr, nr, tile, biasAt, loadC);
            }
          }
        }
      }
    }
  }
}

/** C = (overwrite ? 0 : C) + bias over columns [n0, n1): the product of an empty k. */
function writeWithoutProduct(c: usize, ldc: i32, m: i32, n0: i32, n1: i32, bias: usize, overwrite: bool): void {
  for (let i = 0; i < m; i++) {
    for (let j = n0; j < n1; j++) {
      const at = c + <usize>((i * ldc + j) * 4);
      const base: f32 = overwrite ? 0 : load<f32>(at);
      store<f32>(at, bias != 0 ? base + load<f32>(bias + <usize>(j * 4)) : base);
    }
  }
}

/** For rows [i0, i0+mc) of im2col: the element offset of each window's corner, one i32 each. */
function pixelTable(dst: usize, geo: usize, i0: i32, mc: i32): void {
  for (let r = 0; r < mc; r++) {
    locatePixel(geo, i0 + r);
    store<i32>(dst + <usize>(r * 4), pixBase);
  }
  // rows past the block repeat the last one so a partial tile reads inside the image
  for (let r = mc; r < ((mc + 3) & ~3); r++) store<i32>(dst + <usize>(r * 4), load<i32>(dst + <usize>((mc - 1) * 4)));
}

/**
 * C_COL2IM: computes the 4x8 block of dcols = A·B for pixel rows (table entries at pix) and
 * im2col columns [j0, j0+nr), and adds it onto the image at dx. When the 8 columns are 8 channels
 * of one window position in a full 4-row block, that is a plain 4-row vector update; otherwise the
 * block goes through `tile` value by value (columns of several window positions may land on one
 * pixel).
 */
function scatterTile(kc: i32, panel: usize, bpanel: usize, dx: usize, geo: usize, tab: usize, pix: usize, j0: i32, mr: i32, nr: i32, tile: usize): void {
  const offs = tab + <usize>(j0 * 4);
  const o0 = load<i32>(offs);
  // 8 channels of one window position: the 4 pixels' targets then cannot overlap
  const inC = load<i32>(geo + G_IN_C);
  if (nr == NR && mr == MR && j0 / inC == (j0 + NR - 1) / inC) {
    kernelPacked(kc, panel, bpanel,
      dx + <usize>((load<i32>(pix) + o0) * 4), dx + <usize>((load<i32>(pix, 4) + o0) * 4),
      dx + <usize>((load<i32>(pix, 8) + o0) * 4), dx + <usize>((load<i32>(pix, 12) + o0) * 4), MR, NR, tile, 0, true);
    return;
  }
  kernelPacked(kc, panel, bpanel, 0, 0, 0, 0, 0, nr, tile, 0, true);
  for (let r = 0; r < mr; r++) {
    const base = dx + <usize>(load<i32>(pix + <usize>(r * 4)) * 4);
    for (let j = 0; j < nr; j++) {
      const at = base + <usize>(load<i32>(offs + <usize>(j * 4)) * 4);
      store<f32>(at, load<f32>(at) + load<f32>(tile + <usize>((r * NR + j) * 4)));
    }
  }
}

/** Byte offset, from a window's corner, of window rows [ky0, ky0+runs): ky·inW·inC·4. */
function windowRunTable(dst: usize, geo: usize, ky0: i32, runs: i32): void {
  const rowBytes = load<i32>(geo + G_IN_W) * load<i32>(geo + G_IN_C) * 4;
  for (let run = 0; run < runs; run++) store<i32>(dst + <usize>(run * 4), (ky0 + run) * rowBytes);
}

/** Byte offset in x of the first window of each output row in pixels [q0, q0+kc) (q0, kc whole rows). */
function pixelRunTable(dst: usize, geo: usize, q0: i32, kc: i32): void {
  const outW = load<i32>(geo + G_OUT_W), outH = load<i32>(geo + G_OUT_H);
  const inH = load<i32>(geo + G_IN_H), inW = load<i32>(geo + G_IN_W), inC = load<i32>(geo + G_IN_C);
  const sH = load<i32>(geo + G_STRIDE_H);
  for (let run = 0; run < kc / outW; run++) {
    const row = q0 / outW + run;
    const bi = row / outH, oy = row - bi * outH;
    store<i32>(dst + <usize>(run * 4), ((bi * inH + oy * sH) * inW) * inC * 4);
  }
}

/**
 * The micro-kernel on packed panels: C[mr, nr] (+)= Ap(4 x kc) · Bp(kc x 8). One pointer walks A
 * with constant offsets for its 4 rows: measured 8% faster than kernelRuns' four row pointers,
 * which is why matmul keeps its own copy of the k-loop. Inlined, with storeBlock, into its callers:
 * as a call per 4x8 block (eight v128 accumulators handed to storeBlock as arguments) matmul ran at
 * 0.85x of the reference GEMM (../shared/perf/reference-gemm.mjs), inlined at 1.0x (fma, 2026-12-06).
 */
@inline export function kernelPacked(
  kc: i32, ap: usize, bp: usize, c0: usize, c1: usize, c2: usize, c3: usize, mr: i32, nr: i32, tile: usize, bias: usize, loadC: bool,
): void {
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let av = v128.load32_splat(ap);
    c00 = madd(av, b0, c00);
    c01 = madd(av, b1, c01);
    av = v128.load32_splat(ap, 4);
    c10 = madd(av, b0, c10);
    c11 = madd(av, b1, c11);
    av = v128.load32_splat(ap, 8);
    c20 = madd(av, b0, c20);
    c21 = madd(av, b1, c21);
    av = v128.load32_splat(ap, 12);
    c30 = madd(av, b0, c30);
    c31 = madd(av, b1, c31);
    ap += 16;
    bp += 32;
  }
  storeBlock(c00, c01, c10, c11, c20, c21, c30, c31, c0, c1, c2, c3, mr, nr, tile, bias, loadC);
}

/**
 * The micro-kernel on A read in place: C[mr, nr] (+)= A(4 x k) · B(k x 8). Row r of A is read at
 * a_r + runTab[run] + t·aStep for t < runLen in each run; B advances bStep bytes per k.
 */
@inline function kernelRuns(
  runs: i32, runTab: usize, runLen: i32, a0: usize, a1: usize, a2: usize, a3: usize, aStep: usize,
  bp: usize, bStep: usize, c0: usize, c1: usize, c2: usize, c3: usize, mr: i32, nr: i32, tile: usize, bias: usize, loadC: bool,
): void {
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (let run = 0; run < runs; run++) {
    const d = <usize>load<i32>(runTab + <usize>(run * 4));
    let p0 = a0 + d, p1 = a1 + d, p2 = a2 + d, p3 = a3 + d;
    for (let t = 0; t < runLen; t++) {
      const b0 = v128.load(bp);
      const b1 = v128.load(bp, 16);
      let av = v128.load32_splat(p0);
      c00 = madd(av, b0, c00);
      c01 = madd(av, b1, c01);
      av = v128.load32_splat(p1);
      c10 = madd(av, b0, c10);
      c11 = madd(av, b1, c11);
      av = v128.load32_splat(p2);
      c20 = madd(av, b0, c20);
      c21 = madd(av, b1, c21);
      av = v128.load32_splat(p3);
      c30 = madd(av, b0, c30);
      c31 = madd(av, b1, c31);
      p0 += aStep;
      p1 += aStep;
      p2 += aStep;
      p3 += aStep;
      bp += bStep;
    }
  }
  storeBlock(c00, c01, c10, c11, c20, c21, c30, c31, c0, c1, c2, c3, mr, nr, tile, bias, loadC);
}

/**
 * The end of both micro-kernels: C = (loadC ? C : 0) + acc (+ bias row, when bias ≠ 0: 8 values)
 * with row r of C at c_r. Full blocks add straight into C; edge blocks go through `tile` so nothing
 * outside C is touched (rows and columns past mr, nr hold padding or repeats, and are dropped);
 * with mr = 0 the block is only left in `tile`.
 */
@inline function storeBlock(
  c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128,
  c0: usize, c1: usize, c2: usize, c3: usize, mr: i32, nr: i32, tile: usize, bias: usize, loadC: bool,
): void {
  if (bias != 0) {
    const bv0 = v128.load(bias), bv1 = v128.load(bias, 16);
    c00 = f32x4.add(c00, bv0);
    c01 = f32x4.add(c01, bv1);
    c10 = f32x4.add(c10, bv0);
    c11 = f32x4.add(c11, bv1);
    c20 = f32x4.add(c20, bv0);
    c21 = f32x4.add(c21, bv1);
    c30 = f32x4.add(c30, bv0);
    c31 = f32x4.add(c31, bv1);
  }
  if (mr == MR && nr == NR) {
    if (loadC) {
      c00 = f32x4.add(c00, v128.load(c0));
      c01 = f32x4.add(c01, v128.load(c0, 16));
      c10 = f32x4.add(c10, v128.load(c1));
      c11 = f32x4.add(c11, v128.load(c1, 16));
      c20 = f32x4.add(c20, v128.load(c2));
      c21 = f32x4.add(c21, v128.load(c2, 16));
      c30 = f32x4.add(c30, v128.load(c3));
      c31 = f32x4.add(c31, v128.load(c3, 16));
    }
    v128.store(c0, c00);
    v128.store(c0, c01, 16);
    v128.store(c1, c10);
    v128.store(c1, c11, 16);
    v128.store(c2, c20);
    v128.store(c2, c21, 16);
    v128.store(c3, c30);
    v128.store(c3, c31, 16);
    return;
  }
  v128.store(tile, c00);
  v128.store(tile, c01, 16);
  v128.store(tile, c10, 32);
  v128.store(tile, c11, 48);
  v128.store(tile, c20, 64);
  v128.store(tile, c21, 80);
  v128.store(tile, c30, 96);
  v128.store(tile, c31, 112);
  for (let r = 0; r < mr; r++) {
    const row = r == 0 ? c0 : r == 1 ? c1 : r == 2 ? c2 : c3;
    const t = tile + <usize>(r * NR * 4);
    for (let j = 0; j < nr; j++) {
      const at = row + <usize>(j * 4);
      const v = load<f32>(t + <usize>(j * 4));
      store<f32>(at, loadC ? load<f32>(at) + v : v);
    }
  }
}

/** Transposes the 4x4 block whose rows are r0..r3 and stores its columns at dst, dst + step, dst + 2·step, dst + 3·step. */
export function storeTransposed(dst: usize, step: usize, r0: v128, r1: v128, r2: v128, r3: v128): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(dst + step, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  v128.store(dst + 2 * step, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * step, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}

/** Packs rows [i0, i0+mc) x columns [q0, q0+kc) of the strided A into 4-row panels, zero-padded. */
function packA(dst: usize, a: usize, ars: i32, acs: i32, i0: i32, mc: i32, q0: i32, kc: i32): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    const panel = dst + <usize>(ir * kc * 4);
    const src = a + <usize>(((i0 + ir) * ars + q0 * acs) * 4);
    let q = 0;
    if (rows == MR && acs == 1) {
      // row-major A: four rows side by side, transposed 4x4 at a time
      const rs = <usize>(ars * 4);
      for (; q + 4 <= kc; q += 4) {
        const s = src + <usize>(q * 4);
        storeTransposed(panel + <usize>(q * 16), 16, v128.load(s), v128.load(s + rs), v128.load(s + 2 * rs), v128.load(s + 3 * rs));
      }
    } else if (rows == MR && ars == 1) {
      // transposed A: the four values of one k are already adjacent
      for (; q < kc; q++) v128.store(panel + <usize>(q * 16), v128.load(src + <usize>(q * acs * 4)));
    }
    for (; q < kc; q++) {
      for (let r = 0; r < MR; r++) {
        const v: f32 = r < rows ? load<f32>(src + <usize>((r * ars + q * acs) * 4)) : 0;
        store<f32>(panel + <usize>((q * MR + r) * 4), v);
      }
    }
  }
}

/** Packs rows [q0, q0+kc) x columns [j0, j0+nc) of the strided B into 8-column panels, zero-padded. */
function packB(dst: usize, b: usize, brs: i32, bcs: i32, q0: i32, kc: i32, j0: i32, nc: i32): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    const panel = dst + <usize>(jr * kc * 4);
    const src = b + <usize>((q0 * brs + (j0 + jr) * bcs) * 4);
    let q = 0;
    if (cols == NR && bcs == 1) {
      const rs = <usize>(brs * 4);
      for (; q < kc; q++) {
        const s = src + <usize>q * rs;
        const d = panel + <usize>(q * 32);
        v128.store(d, v128.load(s));
        v128.store(d, v128.load(s, 16), 16);
      }
    } else if (cols == NR && brs == 1) {
      // transposed B: eight columns are eight rows of memory, transposed 4x4 at a time
      const cs = <usize>(bcs * 4);
      for (; q + 4 <= kc; q += 4) {
        const s = src + <usize>(q * 4);
        const d = panel + <usize>(q * 32);
        storeTransposed(d, 32, v128.load(s), v128.load(s + cs), v128.load(s + 2 * cs), v128.load(s + 3 * cs));
        const s4 = s + 4 * cs;
        storeTransposed(d + 16, 32, v128.load(s4), v128.load(s4 + cs), v128.load(s4 + 2 * cs), v128.load(s4 + 3 * cs));
      }
    }
    for (; q < kc; q++) {
      for (let j = 0; j < NR; j++) {
        const v: f32 = j < cols ? load<f32>(src + <usize>((q * brs + j * bcs) * 4)) : 0;
        store<f32>(panel + <usize>((q * NR + j) * 4), v);
      }
    }
  }
}
