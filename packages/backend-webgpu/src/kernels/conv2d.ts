// The three passes of a 2-D convolution (NHWC images, HWIO filters) as tiled products over an
// implicit im2col: no patch matrix is ever written, each product reads its windows straight from
// the image. With pixel (b, oy, ox) and tap (ky, kx, c), the input row of output row oy at tap ky
// is iy = oy·strideH + ky − padTop (columns alike), and reads outside the image are 0.
//   forward          y[pixel, oc] = Σ_tap x[window(pixel, tap)] · w[tap, oc] (+ bias[oc])
//                    M = batch·outH·outW, N = outC, K = kH·kW·inC; w is [K, outC] as stored
//   backward input   dx[(b, iy, ix), ic] = Σ_(ky, kx, oc) dy[(b, oy, ox), oc] · w[ky, kx, ic, oc]
//                    over the taps where iy + padTop − ky = oy·strideH for an output row oy
//                    (columns alike): M = batch·inH·inW, N = inC, K = kH·kW·outC
//   backward filter  dw[tap, oc] = Σ_pixel x[window(pixel, tap)] · dy[pixel, oc]
//                    M = kH·kW·inC, N = outC, K = batch·outH·outW
import type { Conv2dGeometry } from "@chainrule/tensor";
import type { Dispatcher } from "../dispatcher.js";
import { memoized, type ParamType, type Shader } from "../shader.js";
import { gemmGroups, gemmShader } from "./tiled-gemm.js";

const GEOMETRY = ["batch", "inH", "inW", "inC", "outH", "outW", "outC", "kH", "kW", "strideH", "strideW", "padTop", "padLeft"] as const;
const PARAMS = GEOMETRY.map((name): [string, ParamType] => [name, "i32"]);

/** The geometry's numbers in the order of PARAMS. */
function geometryValues(g: Conv2dGeometry): number[] {
  return GEOMETRY.map((name) => g[name]);
}

/** Splitting a flat pixel index into (b, y, x) of an h x w image, a flat tap index into (ky, kx, c) of c channels. */
const HELPERS = `
struct Pixel { b: i32, y: i32, x: i32 }
fn pixel_of(i: u32, h: i32, w: i32) -> Pixel {
  let t = i32(i) / w;
  return Pixel(t / h, t % h, i32(i) % w);
}
struct Tap { ky: i32, kx: i32, c: i32 }
fn tap_of(i: u32, channels: i32) -> Tap {
  let t = i32(i) / channels;
  return Tap(t / p.kW, t % p.kW, i32(i) % channels);
}`;

/** The forward and backward-filter passes read windows of x. */
const WINDOW = `
// x at the input cell under output pixel q and tap t, or 0 in the padding
fn window_at(q: Pixel, t: Tap) -> f32 {
  let iy = q.y * p.strideH + t.ky - p.padTop;
  let ix = q.x * p.strideW + t.kx - p.padLeft;
  if (iy < 0 || iy >= p.inH || ix < 0 || ix >= p.inW) { return 0.0; }
  return x_at(u32(((q.b * p.inH + iy) * p.inW + ix) * p.inC + t.c));
}`;

const forwardShader = memoized((bias: boolean): Shader =>
  gemmShader({
    key: `conv2d ${bias}`,
    params: PARAMS,
    buffers: [
      { name: "x", access: "read" }, { name: "w", access: "read" }, ...(bias ? [{ name: "bias", access: "read" } as const] : []),
      { name: "y", access: "read_write" },
    ],
    helpers: HELPERS + WINDOW,
    a: "  return window_at(pixel_of(row, p.outH, p.outW), tap_of(k, p.inC));",
    b: "  return w_at(k * p.n + col);",
    store: `  y[row * p.n + col] = v${bias ? " + bias_at(col)" : ""};`,
  }),
);

const BACKWARD_INPUT: Shader = gemmShader({
  key: "conv2dBackwardInput",
  params: PARAMS,
  buffers: [{ name: "dy", access: "read" }, { name: "w", access: "read" }, { name: "dx", access: "read_write" }],
  helpers: HELPERS,
  a: `  let q = pixel_of(row, p.inH, p.inW);
  let t = tap_of(k, p.outC);
  let ny = q.y + p.padTop - t.ky;
  let nx = q.x + p.padLeft - t.kx;
  if (ny < 0 || nx < 0 || ny % p.strideH != 0 || nx % p.strideW != 0) { return 0.0; }
  let oy = ny / p.strideH;
  let ox = nx / p.strideW;
  if (oy >= p.outH || ox >= p.outW) { return 0.0; }
  return dy_at(u32(((q.b * p.outH + oy) * p.outW + ox) * p.outC + t.c));`,
  // tap k = (ky, kx, oc) of dy's K, column ic: w[ky, kx, ic, oc]
  b: `  let t = tap_of(k, p.outC);
  return w_at(u32(((t.ky * p.kW + t.kx) * p.inC + i32(col)) * p.outC + t.c));`,
  store: "  dx[row * p.n + col] = v;",
});

const BACKWARD_FILTER: Shader = gemmShader({
  key: "conv2dBackwardFilter",
  params: PARAMS,
  buffers: [{ name: "x", access: "read" }, { name: "dy", access: "read" }, { name: "dw", access: "read_write" }],
  helpers: HELPERS + WINDOW,
  a: "  return window_at(pixel_of(k, p.outH, p.outW), tap_of(row, p.inC));",
  b: "  return dy_at(k * p.n + col);",
  store: "  dw[row * p.n + col] = v;",
});

/** y = conv(x, w) (+ bias). */
export function conv2d(gpu: Dispatcher, x: GPUBuffer, w: GPUBuffer, bias: GPUBuffer | null, y: GPUBuffer, g: Conv2dGeometry): void {
  const m = g.batch * g.outH * g.outW;
  const values = [m, g.outC, g.kH * g.kW * g.inC, ...geometryValues(g)];
  gpu.run("conv2d", forwardShader(bias !== null), values, bias ? [x, w, bias, y] : [x, w, y], gemmGroups(m, g.outC));
}

/** dx = the transposed convolution of dy with w. */
export function conv2dBackwardInput(gpu: Dispatcher, dy: GPUBuffer, w: GPUBuffer, dx: GPUBuffer, g: Conv2dGeometry): void {
  const m = g.batch * g.inH * g.inW;
  const values = [m, g.inC, g.kH * g.kW * g.outC, ...geometryValues(g)];
  gpu.run("conv2dBackwardInput", BACKWARD_INPUT, values, [dy, w, dx], gemmGroups(m, g.inC));
}

/** dw = the correlation of x with dy, summed over the batch. */
export function conv2dBackwardFilter(gpu: Dispatcher, x: GPUBuffer, dy: GPUBuffer, dw: GPUBuffer, g: Conv2dGeometry): void {
  const m = g.kH * g.kW * g.inC;
  const values = [m, g.outC, g.batch * g.outH * g.outW, ...geometryValues(g)];
  gpu.run("conv2dBackwardFilter", BACKWARD_FILTER, values, [x, dy, dw], gemmGroups(m, g.outC));
}
