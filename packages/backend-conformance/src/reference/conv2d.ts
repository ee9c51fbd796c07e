import type { Conv2dGeometry } from "@chainrule/tensor";

/**
 * Visits every (input cell, filter tap, output cell) triple of a convolution that lies inside the
 * image: input row iy = oy·strideH − padTop + ky (same for columns). The three kernels below are
 * the same sum read three ways, so each is a plain loop over these triples.
 */
function forEachTap(g: Conv2dGeometry, visit: (xi: number, wi: number, yi: number) => void): void {
  for (let b = 0; b < g.batch; b++)
    for (let oy = 0; oy < g.outH; oy++)
      for (let ox = 0; ox < g.outW; ox++)
        for (let ky = 0; ky < g.kH; ky++)
          for (let kx = 0; kx < g.kW; kx++) {
            const iy = oy * g.strideH - g.padTop + ky;
            const ix = ox * g.strideW - g.padLeft + kx;
            if (iy < 0 || iy >= g.inH || ix < 0 || ix >= g.inW) continue;
            for (let ci = 0; ci < g.inC; ci++)
              for (let co = 0; co < g.outC; co++) {
                visit(
                  ((b * g.inH + iy) * g.inW + ix) * g.inC + ci,
                  ((ky * g.kW + kx) * g.inC + ci) * g.outC + co,
                  ((b * g.outH + oy) * g.outW + ox) * g.outC + co,
                );
              }
          }
}

/** y[b, oy, ox, co] = bias[co] + Σ_{ky, kx, ci} x[b, iy, ix, ci]·w[ky, kx, ci, co]. */
export function conv2dReference(x: Float64Array, w: Float64Array, bias: Float64Array | null, g: Conv2dGeometry): Float64Array {
  const y = new Float64Array(g.batch * g.outH * g.outW * g.outC);
  if (bias) for (let i = 0; i < y.length; i++) y[i] = bias[i % g.outC];
  forEachTap(g, (xi, wi, yi) => (y[yi] += x[xi] * w[wi]));
  return y;
}

/** dx[b, iy, ix, ci] = Σ over the taps that read it of dy[b, oy, ox, co]·w[ky, kx, ci, co]. */
export function conv2dBackwardInputReference(dy: Float64Array, w: Float64Array, g: Conv2dGeometry): Float64Array {
  const dx = new Float64Array(g.batch * g.inH * g.inW * g.inC);
  forEachTap(g, (xi, wi, yi) => (dx[xi] += dy[yi] * w[wi]));
  return dx;
}

/** dw[ky, kx, ci, co] = Σ_{b, oy, ox} x[b, iy, ix, ci]·dy[b, oy, ox, co]. */
export function conv2dBackwardFilterReference(x: Float64Array, dy: Float64Array, g: Conv2dGeometry): Float64Array {
  const dw = new Float64Array(g.kH * g.kW * g.inC * g.outC);
  forEachTap(g, (xi, wi, yi) => (dw[wi] += x[xi] * dy[yi]));
  return dw;
}
