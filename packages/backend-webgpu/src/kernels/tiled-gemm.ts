// One tiled matrix product, out[row, col] = Σ_k A[row, k]·B[k, col], that matmul and the three
// convolution passes share: each says how to read an element of its A and B (a matrix, its
// transpose, or a window of an image: an implicit im2col) and how to store a result.
//
// A workgroup of 16x16 threads computes a 64x64 tile of out. For every step of 16 along k it
// copies a 64x16 block of A and a 16x64 block of B into workgroup memory (each thread 4 values of
// each, out-of-range values as 0), then each thread accumulates its 4x4 block of outputs in
// registers: per k it reads 4 rows of A and 4 columns of B as two vec4 and adds their outer
// product, 16 multiply-adds for 2 workgroup-memory reads. The sums run over k in order, one term
// at a time, in float32.
//
// Where an operand's rows are whole vec4s (matmul with the contiguous dimension a multiple of 4), a
// thread loads its share of a block as one vec4 instead of four floats: along the tile's own
// dimension (A's rows, B's columns) the vec4 goes to workgroup memory as it is, along k it is
// spread over four steps.
import { entryPoint, type BufferSlot, type ParamType, type Shader } from "../shader.js";

/** Rows and columns of out per workgroup, and the step along k. */
const TILE = 64;
const STEP = 16;
/** Threads per row and column of the workgroup: each computes 4 rows x 4 columns. */
const QUARTER = TILE / 4;
const THREADS = QUARTER * QUARTER;

/** What a product reads and writes; the WGSL snippets see `p` (m, n, k first, then `params`) and the buffers. */
export interface GemmSpec {
  key: string;
  /** Parameters after m, n and k. */
  params: readonly (readonly [string, ParamType])[];
  buffers: readonly BufferSlot[];
  /** Body of `fn tile_a(row: u32, k: u32) -> f32`, called for row < p.m and k < p.k (unless `a4` replaces it). */
  a?: string;
  /** Body of `fn tile_b(k: u32, col: u32) -> f32`, called for k < p.k and col < p.n (unless `b4` replaces it). */
  b?: string;
  /** Body of `fn tile_store(row: u32, col: u32, v: f32)`, called once per output with its sum v. */
  store: string;
  /**
   * Instead of `a`, A four values at a time: the body of `fn tile_a4(row: u32, k: u32) -> vec4<f32>`
   * returning A[row, k … k+3] (along "k", for p.k a multiple of 4) or A[row … row+3, k] (along
   * "row", for p.m a multiple of 4).
   */
  a4?: { along: "k" | "row"; body: string };
  /** Instead of `b`: B[k … k+3, col] (along "k", p.k a multiple of 4) or B[k, col … col+3] (along "col", p.n a multiple of 4). */
  b4?: { along: "k" | "col"; body: string };
  /** WGSL helpers the snippets call. */
  helpers?: string;
}

/** The shader of a product; dispatch it over {@link gemmGroups} workgroups. */
export function gemmShader(spec: GemmSpec): Shader {
  return {
    key: `gemm ${spec.key}`,
    params: [["m", "u32"], ["n", "u32"], ["k", "u32"], ...spec.params],
    buffers: spec.buffers,
    code: `${spec.helpers ?? ""}
${spec.a4 ? `fn tile_a4(row: u32, k: u32) -> vec4<f32> {\n${spec.a4.body}\n}` : `fn tile_a(row: u32, k: u32) -> f32 {\n${spec.a}\n}`}
${spec.b4 ? `fn tile_b4(k: u32, col: u32) -> vec4<f32> {\n${spec.b4.body}\n}` : `fn tile_b(k: u32, col: u32) -> f32 {\n${spec.b}\n}`}
fn tile_store(row: u32, col: u32, v: f32) {
${spec.store}
}
// As[kk·${QUARTER} + r]: rows 4r … 4r+3 of the A block at step kk; Bs[kk·${QUARTER} + c]: columns 4c … 4c+3 of B
var<workgroup> As: array<vec4<f32>, ${STEP * QUARTER}>;
var<workgroup> Bs: array<vec4<f32>, ${STEP * QUARTER}>;
${entryPoint(THREADS, `  let tiles_n = (p.n + ${TILE - 1}u) / ${TILE}u;
  if (group >= tiles_n * ((p.m + ${TILE - 1}u) / ${TILE}u)) { return; }
  let row0 = (group / tiles_n) * ${TILE}u;
  let col0 = (group % tiles_n) * ${TILE}u;
  let tx = lid % ${QUARTER}u;
  let ty = lid / ${QUARTER}u;
  var acc: array<vec4<f32>, 4>;
  for (var k0 = 0u; k0 < p.k; k0 += ${STEP}u) {
${aLoader(spec)}
${bLoader(spec)}
    workgroupBarrier();
    for (var kk = 0u; kk < ${STEP}u; kk++) {
      let a = As[kk * ${QUARTER}u + ty];
      let b = Bs[kk * ${QUARTER}u + tx];
      acc[0] += a.x * b;
      acc[1] += a.y * b;
      acc[2] += a.z * b;
      acc[3] += a.w * b;
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i++) {
    let row = row0 + ty * 4u + i;
    if (row >= p.m) { break; }
    for (var j = 0u; j < 4u; j++) {
      let col = col0 + tx * 4u + j;
      if (col < p.n) { tile_store(row, col, acc[i][j]); }
    }
  }`)}`,
  };
}

/** WGSL that copies the A block at (row0, k0) into As. */
function aLoader(spec: GemmSpec): string {
  if (spec.a4?.along === "row") {
    // one vec4 of 4 rows per thread: block row group e % 16 at step e / 16
    return `    {
      let r4 = lid % ${QUARTER}u;
      let kk = lid / ${QUARTER}u;
      var v = vec4<f32>();
      if (row0 + 4u * r4 < p.m && k0 + kk < p.k) { v = tile_a4(row0 + 4u * r4, k0 + kk); }
      As[kk * ${QUARTER}u + r4] = v;
    }`;
  }
  if (spec.a4?.along === "k") {
    // one vec4 of 4 steps per thread: block row e / 4, steps 4·(e % 4) …
    return `    {
      let r = lid / 4u;
      let kk = 4u * (lid % 4u);
      var v = vec4<f32>();
      if (row0 + r < p.m && k0 + kk < p.k) { v = tile_a4(row0 + r, k0 + kk); }
      for (var j = 0u; j < 4u; j++) { As[(kk + j) * ${QUARTER}u + r / 4u][r % 4u] = v[j]; }
    }`;
  }
  // k fastest, so neighbouring threads read neighbouring elements of a row-major A
  return `    for (var e = lid; e < ${TILE * STEP}u; e += ${THREADS}u) {
      let r = e / ${STEP}u;
      let kk = e % ${STEP}u;
      var v = 0.0;
      if (row0 + r < p.m && k0 + kk < p.k) { v = tile_a(row0 + r, k0 + kk); }
      As[kk * ${QUARTER}u + r / 4u][r % 4u] = v;
    }`;
}

/** WGSL that copies the B block at (k0, col0) into Bs. */
function bLoader(spec: GemmSpec): string {
  if (spec.b4?.along === "col") {
    return `    {
      let c4 = lid % ${QUARTER}u;
      let kk = lid / ${QUARTER}u;
      var v = vec4<f32>();
      if (k0 + kk < p.k && col0 + 4u * c4 < p.n) { v = tile_b4(k0 + kk, col0 + 4u * c4); }
      Bs[kk * ${QUARTER}u + c4] = v;
    }`;
  }
  if (spec.b4?.along === "k") {
    return `    {
      let c = lid % ${TILE}u;
      let kk = 4u * (lid / ${TILE}u);
      var v = vec4<f32>();
      if (k0 + kk < p.k && col0 + c < p.n) { v = tile_b4(k0 + kk, col0 + c); }
      for (var j = 0u; j < 4u; j++) { Bs[(kk + j) * ${QUARTER}u + c / 4u][c % 4u] = v[j]; }
    }`;
  }
  return `    for (var e = lid; e < ${TILE * STEP}u; e += ${THREADS}u) {
      let kk = e / ${TILE}u;
      let c = e % ${TILE}u;
      var v = 0.0;
      if (k0 + kk < p.k && col0 + c < p.n) { v = tile_b(k0 + kk, col0 + c); }
      Bs[kk * ${QUARTER}u + c / 4u][c % 4u] = v;
    }`;
}

/** Workgroups of a product of m rows and n columns. */
export function gemmGroups(m: number, n: number): number {
  return Math.ceil(m / TILE) * Math.ceil(n / TILE);
}
