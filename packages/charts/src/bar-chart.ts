import { axisScale } from "./axis-scale.js";
import { escapeXml } from "./escape-xml.js";
import { frame, noData, PLOT, xLabels, yGrid } from "./frame.js";

/**
 * One group of bars: a value per category (null leaves a gap).
 *
 * @example
 * const s: BarSeries = { name: "step 1", color: "#36c", values: [1e-4, null, 0.1] };
 */
export interface BarSeries {
  name: string;
  color: string;
  values: readonly (number | null)[];
}

/**
 * Options of {@link barChart}.
 *
 * @example
 * const o: BarChartOptions = { logY: true, yLabel: "L2 norm (log)", xLabel: "layer" };
 */
export interface BarChartOptions {
  /** log10 bar heights, the axis starting at a whole decade (for values spanning orders of magnitude). */
  logY?: boolean;
  yLabel?: string;
  /** Default "layer". */
  xLabel?: string;
}

/**
 * A grouped bar chart as inline SVG: one slot per category, one bar per series in each.
 *
 * @example
 * barChart("Gradient norm", ["fc1", "fc2"], [{ name: "step 1", color: "#36c", values: [1e-4, 0.1] }], { logY: true });
 */
export function barChart(title: string, categories: readonly string[], series: readonly BarSeries[], opts: BarChartOptions = {}): string {
  const xLabel = opts.xLabel ?? "layer";
  const yLabel = opts.yLabel ?? "";
  const unit = opts.logY ? Math.log10 : (v: number) => v;
  const vals = series.flatMap((s) => s.values).filter((v): v is number => v !== null && Number.isFinite(unit(v)));
  if (vals.length === 0) return noData(title, xLabel, yLabel);
  // Linear bars grow from 0, so 0 is always on the axis; log bars grow from the whole decade
  // strictly below the smallest value, so that every bar has a height.
  const lo = opts.logY ? 10 ** (Math.ceil(Math.min(...vals.map(unit))) - 1) : Math.min(0, ...vals);
  const peak = opts.logY ? 10 ** Math.ceil(Math.max(...vals.map(unit))) : Math.max(...vals);
  const hi = peak === lo ? lo + 1 : peak;
  const y = axisScale([], { log: opts.logY, range: [lo, hi], from: PLOT.bottom, to: PLOT.top });
  const slot = (PLOT.right - PLOT.left) / Math.max(1, categories.length);
  const bw = (slot * 0.8) / Math.max(1, series.length);
  const bars = series
    .map((s, si) => s.values
      .map((v, ci) => {
        if (v === null || !Number.isFinite(unit(v))) return "";
        const x = PLOT.left + ci * slot + slot * 0.1 + si * bw;
        const top = y.px(v);
        return `<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${bw.toFixed(1)}" height="${(y.px(lo) - top).toFixed(1)}" fill="${s.color}"><title>${escapeXml(`${categories[ci]}: ${v}`)}</title></rect>`;
      })
      .join(""))
    .join("");
  const labels = xLabels(categories.map((_, ci) => PLOT.left + ci * slot + slot / 2), categories);
  return frame(title, xLabel, yLabel, yGrid(y.tickPx, y.tickLabels) + bars + labels, series);
}
