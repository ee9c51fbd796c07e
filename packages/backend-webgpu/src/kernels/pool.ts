// Max and average pooling over NHWC images, forward and backward. Window (oy, ox) covers input rows
// oy·strideH − padTop + [0, kH) (columns alike); only its cells inside the image count. Forward
// passes run a thread per output value. Backward passes gather instead of scattering (two windows
// may share a cell, and a GPU has no float atomic add): a thread per input cell visits the windows
// that hold it, oy from ⌈(iy + padTop − kH + 1)/strideH⌉ to ⌊(iy + padTop)/strideH⌋, in the order
// the JS backend adds them. Max pooling's backward finds each window's first maximum again from x,
// with the rule of argmax: the first cell starts as the maximum, a later one takes over only when
// strictly greater.
import type { Pool2dGeometry } from "@chainrule/tensor";
import type { Dispatcher } from "../dispatcher.js";
import { groupsFor, memoized, perElement, type BufferSlot, type ParamType, type Shader } from "../shader.js";
import { WGSL_MATH } from "./wgsl-math.js";

const GEOMETRY = ["batch", "inH", "inW", "channels", "outH", "outW", "kH", "kW", "strideH", "strideW", "padTop", "padLeft"] as const;
const PARAMS: [string, ParamType][] = [["n", "u32"], ...GEOMETRY.map((name): [string, ParamType] => [name, "i32"])];

/** The rows [y0, y1) and columns [x0, x1) of window (b, oy, ox) inside the image. */
const WINDOWS = `
struct Window { b: i32, y0: i32, y1: i32, x0: i32, x1: i32 }
fn window_of(b: i32, oy: i32, ox: i32) -> Window {
  let y = oy * p.strideH - p.padTop;
  let x = ox * p.strideW - p.padLeft;
  return Window(b, max(y, 0), min(y + p.kH, p.inH), max(x, 0), min(x + p.kW, p.inW));
}
fn cell(b: i32, iy: i32, ix: i32, c: i32) -> u32 { return u32(((b * p.inH + iy) * p.inW + ix) * p.channels + c); }
fn out_cell(b: i32, oy: i32, ox: i32, c: i32) -> u32 { return u32(((b * p.outH + oy) * p.outW + ox) * p.channels + c); }
fn count_of(w: Window) -> f32 { return f32((w.y1 - w.y0) * (w.x1 - w.x0)); }`;

/** The output value of thread i: its window w and channel c. */
const OUTPUT_WINDOW = `  let c = i32(i) % p.channels;
  let t = i32(i) / p.channels;
  let oy = (t / p.outW) % p.outH;
  let w = window_of(t / (p.outW * p.outH), oy, t % p.outW);`;

/** For an input cell (thread i: b, iy, ix, c), visits each window (oy, ox) holding it. */
function forEachWindowOfCell(body: string): string {
  return `  let c = i32(i) % p.channels;
  let t = i32(i) / p.channels;
  let ix = t % p.inW;
  let iy = (t / p.inW) % p.inH;
  let b = t / (p.inW * p.inH);
  var acc = 0.0;
  let oy1 = min((iy + p.padTop) / p.strideH, p.outH - 1);
  let ox1 = min((ix + p.padLeft) / p.strideW, p.outW - 1);
  for (var oy = max(iy + p.padTop - p.kH + p.strideH, 0) / p.strideH; oy <= oy1; oy++) {
    for (var ox = max(ix + p.padLeft - p.kW + p.strideW, 0) / p.strideW; ox <= ox1; ox++) {
      let w = window_of(b, oy, ox);
${body}
    }
  }`;
}

/** A pooling shader: its geometry parameters, the window helpers, one thread per element of its output. */
function poolShader(key: string, buffers: readonly BufferSlot[], body: string): Shader {
  return { key, params: PARAMS, buffers, code: `${WGSL_MATH}${WINDOWS}\n${perElement(body)}` };
}

const IN_OUT: readonly BufferSlot[] = [{ name: "x", access: "read" }, { name: "y", access: "read_write" }];
const shaders = memoized((kernel: "maxPool" | "avgPool" | "maxPoolBackward" | "avgPoolBackward"): Shader => {
  switch (kernel) {
    case "maxPool":
      return poolShader(kernel, IN_OUT, `${OUTPUT_WINDOW}
  var m = -inf_f32();
  for (var iy = w.y0; iy < w.y1; iy++) {
    for (var ix = w.x0; ix < w.x1; ix++) { m = js_max(x_at(cell(w.b, iy, ix, c)), m); }
  }
  y[i] = m;`);
    case "avgPool":
      return poolShader(kernel, IN_OUT, `${OUTPUT_WINDOW}
  var s = 0.0;
  for (var iy = w.y0; iy < w.y1; iy++) {
    for (var ix = w.x0; ix < w.x1; ix++) { s += x_at(cell(w.b, iy, ix, c)); }
  }
  y[i] = s / count_of(w);`);
    case "maxPoolBackward":
      return poolShader(kernel, [{ name: "x", access: "read" }, { name: "dy", access: "read" }, { name: "dx", access: "read_write" }], `${forEachWindowOfCell(`      var best_y = w.y0;
      var best_x = w.x0;
      var top = x_at(cell(b, w.y0, w.x0, c));
      for (var wy = w.y0; wy < w.y1; wy++) {
        for (var wx = w.x0; wx < w.x1; wx++) {
          let v = x_at(cell(b, wy, wx, c));
          if (v > top) {
            top = v;
            best_y = wy;
            best_x = wx;
          }
        }
      }
      if (best_y == iy && best_x == ix) { acc += dy_at(out_cell(b, oy, ox, c)); }`)}
  dx[i] = acc;`);
    case "avgPoolBackward":
      return poolShader(kernel, [{ name: "dy", access: "read" }, { name: "dx", access: "read_write" }], `${forEachWindowOfCell(
        "      acc += dy_at(out_cell(b, oy, ox, c)) / count_of(w);",
      )}
  dx[i] = acc;`);
  }
});

function values(n: number, g: Pool2dGeometry): number[] {
  return [n, ...GEOMETRY.map((name) => g[name])];
}

/** y = max over each window (NaN propagates). */
export function maxPool(gpu: Dispatcher, x: GPUBuffer, y: GPUBuffer, g: Pool2dGeometry): void {
  const n = g.batch * g.outH * g.outW * g.channels;
  gpu.run("maxPool", shaders("maxPool"), values(n, g), [x, y], groupsFor(n));
}

/** y = mean of each window's cells inside the image. */
export function avgPool(gpu: Dispatcher, x: GPUBuffer, y: GPUBuffer, g: Pool2dGeometry): void {
  const n = g.batch * g.outH * g.outW * g.channels;
  gpu.run("avgPool", shaders("avgPool"), values(n, g), [x, y], groupsFor(n));
}

/** dx: each window's dy goes to the first cell holding its maximum. */
export function maxPoolBackward(gpu: Dispatcher, x: GPUBuffer, dy: GPUBuffer, dx: GPUBuffer, g: Pool2dGeometry): void {
  const n = g.batch * g.inH * g.inW * g.channels;
  gpu.run("maxPoolBackward", shaders("maxPoolBackward"), values(n, g), [x, dy, dx], groupsFor(n));
}

/** dx: each window's dy / count over its cells. */
export function avgPoolBackward(gpu: Dispatcher, dy: GPUBuffer, dx: GPUBuffer, g: Pool2dGeometry): void {
  const n = g.batch * g.inH * g.inW * g.channels;
  gpu.run("avgPoolBackward", shaders("avgPoolBackward"), values(n, g), [dy, dx], groupsFor(n));
}
