// Max and average pooling over NHWC images, with their backward passes. The geometry is 12 i32
// fields written by the host (the Pool2dGeometry fields, in this order). Window cells outside the
// image are skipped; average pooling divides by the cells inside.

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

const MODE_MAX = 0;
const MODE_MAX_BACKWARD = 1;
const MODE_AVG = 2;
const MODE_AVG_BACKWARD = 3;

/**
 * Visits every (output pixel, channel) once and does `mode`'s work on its window [ya, yb) x [xa, xe):
 * max / mean into y, or routing dy back into dx (which must be zeroed first).
 */
function pool(mode: i32, x: usize, y: usize, dx: usize, geo: usize): void {
  const batch = load<i32>(geo + P_BATCH), inH = load<i32>(geo + P_IN_H), inW = load<i32>(geo + P_IN_W);
  const C = load<i32>(geo + P_CH), outH = load<i32>(geo + P_OUT_H), outW = load<i32>(geo + P_OUT_W);
  const kH = load<i32>(geo + P_K_H), kW = load<i32>(geo + P_K_W);
  const sH = load<i32>(geo + P_STRIDE_H), sW = load<i32>(geo + P_STRIDE_W);
  const pT = load<i32>(geo + P_PAD_TOP), pL = load<i32>(geo + P_PAD_LEFT);
  let o = 0;
  for (let b = 0; b < batch; b++) {
    const xb = b * inH * inW * C;
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * sH - pT;
      const ya = max(y0, 0), yb = min(y0 + kH, inH);
      for (let ox = 0; ox < outW; ox++) {
        const x0 = ox * sW - pL;
        const xa = max(x0, 0), xe = min(x0 + kW, inW);
        const count = <f32>((yb - ya) * (xe - xa));
        for (let c = 0; c < C; c++, o++) {
          const yo = y + <usize>(o * 4);
          if (mode == MODE_AVG_BACKWARD) {
            const share = load<f32>(yo) / count;
            for (let iy = ya; iy < yb; iy++) {
              for (let ix = xa; ix < xe; ix++) {
                const at = dx + <usize>((xb + (iy * inW + ix) * C + c) * 4);
                store<f32>(at, load<f32>(at) + share);
              }
            }
            continue;
          }
          let m: f32 = mode == MODE_AVG ? 0 : -Infinity;
          let best = -1;
          for (let iy = ya; iy < yb; iy++) {
            for (let ix = xa; ix < xe; ix++) {
              const i = xb + (iy * inW + ix) * C + c;
              const v = load<f32>(x + <usize>(i * 4));
              if (mode == MODE_AVG) m += v;
              else if (mode == MODE_MAX) m = v > m || isNaN(v) ? v : m;
              else if (v > m || best < 0) {
                // backward routes to the first cell holding the maximum
                m = v;
                best = i;
              }
            }
          }
          if (mode == MODE_MAX) store<f32>(yo, m);
          else if (mode == MODE_AVG) store<f32>(yo, m / count);
          else if (best >= 0) {
            const at = dx + <usize>(best * 4);
            store<f32>(at, load<f32>(at) + load<f32>(yo));
          }
        }
      }
    }
  }
}

function inputBytes(geo: usize): usize {
  return <usize>(load<i32>(geo + P_BATCH) * load<i32>(geo + P_IN_H) * load<i32>(geo + P_IN_W) * load<i32>(geo + P_CH)) * 4;
}

/** y = max over each window (NaN propagates). */
export function maxPool(x: usize, y: usize, geo: usize): void {
  pool(MODE_MAX, x, y, 0, geo);
}

/** dx: each window routes dy to the first cell holding its maximum, found again from x. */
export function maxPoolBackward(x: usize, dy: usize, dx: usize, geo: usize): void {
  memory.fill(dx, 0, inputBytes(geo));
  pool(MODE_MAX_BACKWARD, x, dy, dx, geo);
}

/** y = mean of the window cells inside the image. */
export function avgPool(x: usize, y: usize, geo: usize): void {
  pool(MODE_AVG, x, y, 0, geo);
}

/** dx: each window spreads dy / count over its cells inside the image. */
export function avgPoolBackward(dy: usize, dx: usize, geo: usize): void {
  memory.fill(dx, 0, inputBytes(geo));
  pool(MODE_AVG_BACKWARD, 0, dy, dx, geo);
}
