import type { Pool2dGeometry } from "../backend.js";
import type { FloatArray } from "../dtype.js";

/** [yFrom, yTo, xFrom, xTo): the part of the window under output (oy, ox) that lies inside the image. */
function windowBounds(g: Pool2dGeometry, oy: number, ox: number): [number, number, number, number] {
  const y0 = oy * g.strideH - g.padTop;
  const x0 = ox * g.strideW - g.padLeft;
  return [Math.max(y0, 0), Math.min(y0 + g.kH, g.inH), Math.max(x0, 0), Math.min(x0 + g.kW, g.inW)];
}

/** y = max over each window (NaN propagates). */
export function maxPoolArrays(x: FloatArray, y: FloatArray, g: Pool2dGeometry): void {
  const { batch, inH, inW, channels: C, outH, outW } = g;
  let o = 0;
  for (let b = 0; b < batch; b++) {
    const xb = b * inH * inW * C;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const [ya, yb, xa, xe] = windowBounds(g, oy, ox);
        for (let c = 0; c < C; c++, o++) {
          let m = -Infinity;
          for (let iy = ya; iy < yb; iy++) {
            for (let ix = xa; ix < xe; ix++) {
              const v = x[xb + (iy * inW + ix) * C + c];
              if (v > m || Number.isNaN(v)) m = v;
            }
          }
          y[o] = m;
        }
      }
    }
  }
}

/** dx[argmax of each window] += dy; the argmax is the first cell holding the maximum. */
export function maxPoolBackwardArrays(x: FloatArray, dy: FloatArray, dx: FloatArray, g: Pool2dGeometry): void {
  const { batch, inH, inW, channels: C, outH, outW } = g;
  dx.fill(0, 0, batch * inH * inW * C);
  let o = 0;
  for (let b = 0; b < batch; b++) {
    const xb = b * inH * inW * C;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const [ya, yb, xa, xe] = windowBounds(g, oy, ox);
        for (let c = 0; c < C; c++, o++) {
          let m = -Infinity;
          let at = -1;
          for (let iy = ya; iy < yb; iy++) {
            for (let ix = xa; ix < xe; ix++) {
              const i = xb + (iy * inW + ix) * C + c;
              if (x[i] > m || at < 0) {
                m = x[i];
                at = i;
              }
            }
          }
          if (at >= 0) dx[at] += dy[o];
        }
      }
    }
  }
}

/** y = mean of the window cells inside the image. */
export function avgPoolArrays(x: FloatArray, y: FloatArray, g: Pool2dGeometry): void {
  const { batch, inH, inW, channels: C, outH, outW } = g;
  let o = 0;
  for (let b = 0; b < batch; b++) {
    const xb = b * inH * inW * C;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const [ya, yb, xa, xe] = windowBounds(g, oy, ox);
        const count = (yb - ya) * (xe - xa);
        for (let c = 0; c < C; c++, o++) {
          let s = 0;
          for (let iy = ya; iy < yb; iy++) for (let ix = xa; ix < xe; ix++) s += x[xb + (iy * inW + ix) * C + c];
          y[o] = s / count;
        }
      }
    }
  }
}

/** dx[cell] += dy / count for every cell of each window. */
export function avgPoolBackwardArrays(dy: FloatArray, dx: FloatArray, g: Pool2dGeometry): void {
  const { batch, inH, inW, channels: C, outH, outW } = g;
  dx.fill(0, 0, batch * inH * inW * C);
  let o = 0;
  for (let b = 0; b < batch; b++) {
    const xb = b * inH * inW * C;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const [ya, yb, xa, xe] = windowBounds(g, oy, ox);
        const count = (yb - ya) * (xe - xa);
        for (let c = 0; c < C; c++, o++) {
          const share = dy[o] / count;
          for (let iy = ya; iy < yb; iy++) for (let ix = xa; ix < xe; ix++) dx[xb + (iy * inW + ix) * C + c] += share;
        }
      }
    }
  }
}
