import type { Pool2dGeometry } from "../backend.js";
import type { FloatArray } from "../dtype.js";

/**
 * The part of one output pixel's window that lies inside the image: rows [ya, yb), columns [xa, xe).
 * Cell (iy, ix) of channel c is x[xb + (iy·inW + ix)·C + c]; the pixel's outputs start at y[o].
 */
interface Window {
  xb: number;
  ya: number;
  yb: number;
  xa: number;
  xe: number;
  o: number;
}

/** Calls `visit` for every output pixel, in the row-major order of y. */
function forEachWindow(g: Pool2dGeometry, visit: (w: Window) => void): void {
  const { batch, inH, inW, channels: C, outH, outW } = g;
  const w: Window = { xb: 0, ya: 0, yb: 0, xa: 0, xe: 0, o: 0 };
  for (let b = 0; b < batch; b++) {
    w.xb = b * inH * inW * C;
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * g.strideH - g.padTop;
      w.ya = Math.max(y0, 0);
      w.yb = Math.min(y0 + g.kH, inH);
      for (let ox = 0; ox < outW; ox++, w.o += C) {
        const x0 = ox * g.strideW - g.padLeft;
        w.xa = Math.max(x0, 0);
        w.xe = Math.min(x0 + g.kW, inW);
        visit(w);
      }
    }
  }
}

/** y = max over each window (NaN propagates). */
export function maxPoolArrays(x: FloatArray, y: FloatArray, g: Pool2dGeometry): void {
  const { inW, channels: C } = g;
  forEachWindow(g, ({ xb, ya, yb, xa, xe, o }) => {
    for (let c = 0; c < C; c++) {
      let m = -Infinity;
      for (let iy = ya; iy < yb; iy++) {
        for (let ix = xa; ix < xe; ix++) {
          const v = x[xb + (iy * inW + ix) * C + c];
          if (v > m || Number.isNaN(v)) m = v;
        }
      }
      y[o + c] = m;
    }
  });
}

/** dx[argmax of each window] += dy; the argmax is the first cell holding the maximum. */
export function maxPoolBackwardArrays(x: FloatArray, dy: FloatArray, dx: FloatArray, g: Pool2dGeometry): void {
  const { batch, inH, inW, channels: C } = g;
  dx.fill(0, 0, batch * inH * inW * C);
  forEachWindow(g, ({ xb, ya, yb, xa, xe, o }) => {
    for (let c = 0; c < C; c++) {
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
      if (at >= 0) dx[at] += dy[o + c];
    }
  });
}

/** y = mean of the window cells inside the image. */
export function avgPoolArrays(x: FloatArray, y: FloatArray, g: Pool2dGeometry): void {
  const { inW, channels: C } = g;
  forEachWindow(g, ({ xb, ya, yb, xa, xe, o }) => {
    const count = (yb - ya) * (xe - xa);
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let iy = ya; iy < yb; iy++) for (let ix = xa; ix < xe; ix++) s += x[xb + (iy * inW + ix) * C + c];
      y[o + c] = s / count;
    }
  });
}

/** dx[cell] += dy / count for every cell of each window. */
export function avgPoolBackwardArrays(dy: FloatArray, dx: FloatArray, g: Pool2dGeometry): void {
  const { batch, inH, inW, channels: C } = g;
  dx.fill(0, 0, batch * inH * inW * C);
  forEachWindow(g, ({ xb, ya, yb, xa, xe, o }) => {
    const count = (yb - ya) * (xe - xa);
    for (let c = 0; c < C; c++) {
      const share = dy[o + c] / count;
      for (let iy = ya; iy < yb; iy++) for (let ix = xa; ix < xe; ix++) dx[xb + (iy * inW + ix) * C + c] += share;
    }
  });
}
