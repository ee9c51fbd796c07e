// Max and average pooling over NHWC images, with their backward passes. The geometry is 12 i32
// fields written by the host (the Pool2dGeometry fields, in this order). Window cells outside the
// image are skipped; average pooling divides by the cells inside.
//
// The channels of a pixel are adjacent, so each window is worked on 4 channels at a time (one f32x4
// lane per channel, W = v128); the last C % 4 channels go one at a time through the same code with
// lane 0 only (W = f32), so every lane computes exactly what a scalar loop would. The mode and the
// width are type parameters, so each combination compiles to its own code with the tests on them
// folded away (no mode or width test in the loops).

const P_BATCH = 0;
const P_IN_H = 4;
const P_IN_W = 8;
const P_CH = 12;
const P_OUT_H = 16;
const P_OUT_W = 20;
const P_K_H = 24;
const P_K_W = 28;
const P_STRIDE_H = 32;
const P_STRIDE_W = 36;
const P_PAD_TOP = 40;
const P_PAD_LEFT = 44;

// Type tags selecting pool<Mode>'s work; never instantiated.
class MaxMode {}
class MaxBackwardMode {}
class AvgMode {}
class AvgBackwardMode {}

// The window in progress: cells (iy, ix) with iy in [ya, yb), ix in [xa, xe); channel c of a cell is
// the float at xb + (iy·inW + ix)·C + c, and the window's outputs start at float o of y.
let inW = 0, C = 0, xb = 0, ya = 0, yb = 0, xa = 0, xe = 0, o = 0;

function cell(iy: i32, ix: i32, c: i32): usize {
  return <usize>((xb + (iy * inW + ix) * C + c) * 4);
}

/** 4 channels from p (W = v128), or 1 into lane 0 with the others zero (W = f32). */
function load4<W>(p: usize): v128 {
  return sizeof<W>() == 16 ? v128.load(p) : v128.load32_zero(p);
}

/** Stores the lanes load4<W> loaded. */
function store4<W>(p: usize, v: v128): void {
  if (sizeof<W>() == 16) v128.store(p, v);
  else v128.store32_lane(p, v, 0);
}

/** y = max over the window, per lane as `v > m || isNaN(v) ? v : m` in scan order (NaN sticks). */
function maxWindow<W>(x: usize, y: usize, c: i32): void {
  let m = f32x4.splat(-Infinity);
  for (let iy = ya; iy < yb; iy++) {
    for (let ix = xa; ix < xe; ix++) {
      const v = load4<W>(x + cell(iy, ix, c));
      m = v128.bitselect(v, m, v128.or(f32x4.gt(v, m), f32x4.ne(v, v)));
    }
  }
  store4<W>(y + <usize>((o + c) * 4), m);
}

/** dx[channel c + lane of pixel pix] += dy[channel c + lane of the window]. */
function addAt(dx: usize, pix: i32, lane: i32, c: i32, dy: usize): void {
  const p = dx + <usize>((xb + pix * C + c + lane) * 4);
  store<f32>(p, load<f32>(p) + load<f32>(dy + <usize>((o + c + lane) * 4)));
}

/**
 * dx[first argmax] += dy per lane. The first cell starts as the maximum (even when NaN) and a later
 * cell replaces it only when strictly greater, so ties and later NaNs keep the earliest cell.
 */
function maxBackwardWindow<W>(x: usize, dy: usize, dx: usize, c: i32): void {
  if (ya >= yb || xa >= xe) return;
  let m = load4<W>(x + cell(ya, xa, c));
  let at = i32x4.splat(ya * inW + xa); // pixel index of each lane's argmax
  for (let iy = ya; iy < yb; iy++) {
    for (let ix = xa; ix < xe; ix++) {
      const v = load4<W>(x + cell(iy, ix, c));
      const gt = f32x4.gt(v, m);
      m = v128.bitselect(v, m, gt);
      at = v128.bitselect(i32x4.splat(iy * inW + ix), at, gt);
    }
  }
  addAt(dx, i32x4.extract_lane(at, 0), 0, c, dy);
  if (sizeof<W>() == 16) {
    addAt(dx, i32x4.extract_lane(at, 1), 1, c, dy);
    addAt(dx, i32x4.extract_lane(at, 2), 2, c, dy);
    addAt(dx, i32x4.extract_lane(at, 3), 3, c, dy);
  }
}

/** y = (sum of the window's cells, in scan order) / count. */
function avgWindow<W>(x: usize, y: usize, c: i32): void {
  let s = f32x4.splat(0);
  for (let iy = ya; iy < yb; iy++) {
    for (let ix = xa; ix < xe; ix++) s = f32x4.add(s, load4<W>(x + cell(iy, ix, c)));
  }
  store4<W>(y + <usize>((o + c) * 4), f32x4.div(s, f32x4.splat(<f32>((yb - ya) * (xe - xa)))));
}

/** dx[cell] += dy / count for every cell of the window. */
function avgBackwardWindow<W>(dy: usize, dx: usize, c: i32): void {
  const share = f32x4.div(load4<W>(dy + <usize>((o + c) * 4)), f32x4.splat(<f32>((yb - ya) * (xe - xa))));
  for (let iy = ya; iy < yb; iy++) {
    for (let ix = xa; ix < xe; ix++) {
      const p = dx + cell(iy, ix, c);
      store4<W>(p, f32x4.add(load4<W>(p), share));
    }
  }
}

/** Mode's work on channels [c, c + lanes of W) of the window in progress. */
function window<Mode, W>(x: usize, y: usize, dx: usize, c: i32): void {
  if (idof<Mode>() == idof<MaxMode>()) maxWindow<W>(x, y, c);
  else if (idof<Mode>() == idof<MaxBackwardMode>()) maxBackwardWindow<W>(x, y, dx, c);
  else if (idof<Mode>() == idof<AvgMode>()) avgWindow<W>(x, y, c);
  else avgBackwardWindow<W>(y, dx, c);
}

/**
 * Visits every output pixel once and does Mode's work on its window for all channels: max / mean
 * into y, or routing dy (passed as y) back into dx (which must be zeroed first).
 */
function pool<Mode>(x: usize, y: usize, dx: usize, geo: usize): void {
  const batch = load<i32>(geo + P_BATCH), inH = load<i32>(geo + P_IN_H);
  const outH = load<i32>(geo + P_OUT_H), outW = load<i32>(geo + P_OUT_W);
  const kH = load<i32>(geo + P_K_H), kW = load<i32>(geo + P_K_W);
  const sH = load<i32>(geo + P_STRIDE_H), sW = load<i32>(geo + P_STRIDE_W);
  const pT = load<i32>(geo + P_PAD_TOP), pL = load<i32>(geo + P_PAD_LEFT);
  inW = load<i32>(geo + P_IN_W);
  C = load<i32>(geo + P_CH);
  o = 0;
  for (let b = 0; b < batch; b++) {
    xb = b * inH * inW * C;
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * sH - pT;
      ya = max(y0, 0);
      yb = min(y0 + kH, inH);
      for (let ox = 0; ox < outW; ox++, o += C) {
        const x0 = ox * sW - pL;
        xa = max(x0, 0);
        xe = min(x0 + kW, inW);
        let c = 0;
        for (; c + 4 <= C; c += 4) window<Mode, v128>(x, y, dx, c);
        for (; c < C; c++) window<Mode, f32>(x, y, dx, c);
      }
    }
  }
}

function inputBytes(geo: usize): usize {
  return <usize>(load<i32>(geo + P_BATCH) * load<i32>(geo + P_IN_H) * load<i32>(geo + P_IN_W) * load<i32>(geo + P_CH)) * 4;
}

/** y = max over each window (NaN propagates). */
export function maxPool(x: usize, y: usize, geo: usize): void {
  pool<MaxMode>(x, y, 0, geo);
}

/** dx: each window routes dy to the first cell holding its maximum, found again from x. */
export function maxPoolBackward(x: usize, dy: usize, dx: usize, geo: usize): void {
  memory.fill(dx, 0, inputBytes(geo));
  pool<MaxBackwardMode>(x, dy, dx, geo);
}

/** y = mean of the window cells inside the image. */
export function avgPool(x: usize, y: usize, geo: usize): void {
  pool<AvgMode>(x, y, 0, geo);
}

/** dx: each window spreads dy / count over its cells inside the image. */
export function avgPoolBackward(dy: usize, dx: usize, geo: usize): void {
  memory.fill(dx, 0, inputBytes(geo));
  pool<AvgBackwardMode>(0, dy, dx, geo);
}
