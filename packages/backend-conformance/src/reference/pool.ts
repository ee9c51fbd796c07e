import type { Pool2dGeometry } from "@chainrule/tensor";

/** Input indices of the window under output (b, oy, ox, c), row by row, cells outside the image left out. */
function windowCells(g: Pool2dGeometry, b: number, oy: number, ox: number, c: number): number[] {
  const cells: number[] = [];
  for (let ky = 0; ky < g.kH; ky++) {
    for (let kx = 0; kx < g.kW; kx++) {
      const iy = oy * g.strideH - g.padTop + ky;
      const ix = ox * g.strideW - g.padLeft + kx;
      if (iy >= 0 && iy < g.inH && ix >= 0 && ix < g.inW) cells.push(((b * g.inH + iy) * g.inW + ix) * g.channels + c);
    }
  }
  return cells;
}

/** Calls `visit(outputIndex, cells)` for every output element. */
function forEachWindow(g: Pool2dGeometry, visit: (o: number, cells: number[]) => void): void {
  let o = 0;
  for (let b = 0; b < g.batch; b++)
    for (let oy = 0; oy < g.outH; oy++)
      for (let ox = 0; ox < g.outW; ox++)
        for (let c = 0; c < g.channels; c++) visit(o++, windowCells(g, b, oy, ox, c));
}

function outputSize(g: Pool2dGeometry): number {
  return g.batch * g.outH * g.outW * g.channels;
}

function inputSize(g: Pool2dGeometry): number {
  return g.batch * g.inH * g.inW * g.channels;
}

/**
 * The first cell of a window holding its maximum: a later cell takes over only when strictly
 * greater, so a NaN never takes over and a NaN first cell stays (max-pool backward's rule; the
 * forward pass, where NaN propagates, is only checked on numbers).
 */
function argmaxCell(x: Float64Array, cells: number[]): number {
  return cells.reduce((best, i) => (x[i] > x[best] ? i : best), cells[0]);
}

/** y = max over each window's cells inside the image. */
export function maxPoolReference(x: Float64Array, g: Pool2dGeometry): Float64Array {
  const y = new Float64Array(outputSize(g));
  forEachWindow(g, (o, cells) => (y[o] = x[argmaxCell(x, cells)]));
  return y;
}

/** dx[first argmax of each window] += dy. */
export function maxPoolBackwardReference(x: Float64Array, dy: Float64Array, g: Pool2dGeometry): Float64Array {
  const dx = new Float64Array(inputSize(g));
  forEachWindow(g, (o, cells) => (dx[argmaxCell(x, cells)] += dy[o]));
  return dx;
}

/** y = mean over each window's cells inside the image. */
export function avgPoolReference(x: Float64Array, g: Pool2dGeometry): Float64Array {
  const y = new Float64Array(outputSize(g));
  forEachWindow(g, (o, cells) => (y[o] = cells.reduce((s, i) => s + x[i], 0) / cells.length));
  return y;
}

/** dx[cell] += dy / count for every cell inside each window. */
export function avgPoolBackwardReference(dy: Float64Array, g: Pool2dGeometry): Float64Array {
  const dx = new Float64Array(inputSize(g));
  forEachWindow(g, (o, cells) => {
    for (const i of cells) dx[i] += dy[o] / cells.length;
  });
  return dx;
}
