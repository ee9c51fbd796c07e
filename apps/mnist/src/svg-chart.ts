/** One line of a chart: (x, y) points in data units. */
export interface Series {
  name: string;
  color: string;
  points: readonly (readonly [number, number])[];
}

/** One group of bars: a value per category (null leaves a gap). */
export interface BarSeries {
  name: string;
  color: string;
  values: readonly (number | null)[];
}

const W = 620;
const H = 300;
const PAD = { left: 64, right: 16, top: 36, bottom: 64 };

/** Escapes text for XML / HTML. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/** Up to ~5 round tick values covering [lo, hi]. */
function ticks(lo: number, hi: number): number[] {
  const span = hi - lo || 1;
  const raw = span / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= 5) as number;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

/** Ticks of a log10 axis spanning [lo, hi] (in log10 units): 1-2-5 steps per decade when few decades. */
function logTicks(lo: number, hi: number): number[] {
  const mantissas = hi - lo > 3 ? [1] : hi - lo > 1 ? [1, 3] : [1, 2, 5];
  const out: number[] = [];
  for (let d = Math.floor(lo); d <= Math.ceil(hi); d++) {
    for (const m of mantissas) {
      const t = d + Math.log10(m);
      if (t >= lo - 1e-9 && t <= hi + 1e-9) out.push(t);
    }
  }
  return out.length >= 2 ? out : ticks(lo, hi);
}

function fmt(v: number, digits = 3): string {
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(digits - 3) : String(Number(v.toPrecision(digits)));
}

/** Horizontal grid lines with labels; on a log axis the labels show 10^t. */
function yGrid(y0: number, y1: number, py: (y: number) => number, logY: boolean): string {
  const at = logY ? logTicks(y0, y1) : ticks(y0, y1);
  // A narrow range needs more digits before neighbouring labels differ.
  let digits = 3;
  while (digits < 7 && new Set(at.map((t) => fmt(logY ? 10 ** t : t, digits))).size < at.length) digits++;
  return at
    .map((t) => `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${py(t).toFixed(1)}" y2="${py(t).toFixed(1)}" stroke="#ddd"/>`
      + `<text x="${PAD.left - 4}" y="${(py(t) + 4).toFixed(1)}" text-anchor="end">${fmt(logY ? 10 ** t : t, digits)}</text>`)
    .join("");
}

function frame(title: string, xLabel: string, yLabel: string, body: string, legend: readonly { name: string; color: string }[]): string {
  const items = legend
    .map((l, i) => `<rect x="${PAD.left + i * 150}" y="${H - 18}" width="12" height="12" fill="${l.color}"/><text x="${PAD.left + 16 + i * 150}" y="${H - 8}">${escapeXml(l.name)}</text>`)
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`
    + `<text x="${W / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(title)}</text>`
    + `<text x="${PAD.left + (W - PAD.left - PAD.right) / 2}" y="${H - 30}" text-anchor="middle">${escapeXml(xLabel)}</text>`
    + `<text transform="translate(14 ${PAD.top + (H - PAD.top - PAD.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`
    + body + items + `</svg>`;
}

/**
 * A line chart as inline SVG (no scripts, no external assets). With `logY` the y axis is log10.
 *
 * @example
 * lineChart("Loss", "step", "loss", [{ name: "train", color: "#36c", points: [[0, 2.3], [100, 0.4]] }]);
 */
export function lineChart(title: string, xLabel: string, yLabel: string, series: readonly Series[], opts: { logY?: boolean } = {}): string {
  const ty = (v: number) => (opts.logY ? Math.log10(v) : v);
  const pts = series.flatMap((s) => s.points).filter(([, y]) => Number.isFinite(ty(y)));
  if (pts.length === 0) return frame(title, xLabel, yLabel, `<text x="${W / 2}" y="${H / 2}" text-anchor="middle">no data</text>`, []);
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => ty(p[1]));
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (y0 === y1) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  const px = (x: number) => PAD.left + ((x - x0) / (x1 - x0 || 1)) * (W - PAD.left - PAD.right);
  const py = (y: number) => H - PAD.bottom - ((y - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const grid = yGrid(y0, y1, py, opts.logY ?? false);
  const xt = ticks(x0, x1)
    .map((t) => `<text x="${px(t).toFixed(1)}" y="${H - PAD.bottom + 14}" text-anchor="middle">${fmt(t)}</text>`)
    .join("");
  const lines = series
    .map((s) => {
      const p = s.points.filter(([, y]) => Number.isFinite(ty(y))).map(([x, y]) => `${px(x).toFixed(1)},${py(ty(y)).toFixed(1)}`);
      const dots = p.length <= 30 ? p.map((q) => `<circle cx="${q.split(",")[0]}" cy="${q.split(",")[1]}" r="3" fill="${s.color}"/>`).join("") : "";
      return `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${p.join(" ")}"/>${dots}`;
    })
    .join("");
  const axes = `<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#333"/>`
    + `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}" stroke="#333"/>`;
  return frame(title, xLabel, yLabel, grid + xt + axes + lines, series);
}

/**
 * A grouped bar chart as inline SVG; with `logY` bar heights are log10 (for gradient norms that
 * span orders of magnitude).
 *
 * @example
 * barChart("Gradient norm", ["fc1", "fc2"], [{ name: "step 1", color: "#36c", values: [1e-4, 0.1] }], { logY: true });
 */
export function barChart(title: string, categories: readonly string[], series: readonly BarSeries[], opts: { logY?: boolean; yLabel?: string } = {}): string {
  const ty = (v: number) => (opts.logY ? Math.log10(v) : v);
  const vals = series.flatMap((s) => s.values).filter((v): v is number => v !== null && Number.isFinite(ty(v)));
  if (vals.length === 0) return frame(title, "layer", opts.yLabel ?? "", `<text x="${W / 2}" y="${H / 2}" text-anchor="middle">no data</text>`, []);
  let y0 = opts.logY ? Math.floor(Math.min(...vals.map(ty))) : Math.min(0, ...vals);
  let y1 = opts.logY ? Math.ceil(Math.max(...vals.map(ty))) : Math.max(...vals);
  // Linear bars grow from 0, so an all-zero chart keeps 0 at the bottom.
  if (y0 === y1) [y0, y1] = opts.logY ? [y0 - 1, y1 + 1] : [y0, y0 + 1];
  const py = (y: number) => H - PAD.bottom - ((y - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const slot = (W - PAD.left - PAD.right) / Math.max(1, categories.length);
  const bw = (slot * 0.8) / Math.max(1, series.length);
  const grid = yGrid(y0, y1, py, opts.logY ?? false);
  const bars = series
    .map((s, si) => s.values
      .map((v, ci) => {
        if (v === null || !Number.isFinite(ty(v))) return "";
        const x = PAD.left + ci * slot + slot * 0.1 + si * bw;
        const top = py(ty(v));
        return `<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${bw.toFixed(1)}" height="${(py(y0) - top).toFixed(1)}" fill="${s.color}"><title>${escapeXml(`${categories[ci]}: ${v}`)}</title></rect>`;
      })
      .join(""))
    .join("");
  const labels = categories
    .map((c, ci) => `<text x="${(PAD.left + ci * slot + slot / 2).toFixed(1)}" y="${H - PAD.bottom + 14}" text-anchor="middle">${escapeXml(c)}</text>`)
    .join("");
  return frame(title, "layer", opts.yLabel ?? "", grid + bars + labels, series);
}
