import { axisScale } from "./axis-scale.js";
import { escapeXml } from "./escape-xml.js";
import { axes, frame, noData, PLOT, xLabels, yGrid } from "./frame.js";

/**
 * One line of a chart: (x, y) points in data units.
 *
 * @example
 * const s: Series = { name: "diverged", color: "#c00", points: [[10, 2.3]], line: false, marker: "cross" };
 */
export interface Series {
  name: string;
  color: string;
  points: readonly (readonly [number, number])[];
  /** Join the points with a line (default true). */
  line?: boolean;
  dashed?: boolean;
  /** What marks each point (default: dots on a series of at most 30 points, else none). */
  marker?: "dot" | "cross" | "none";
}

/**
 * Options of {@link lineChart}.
 *
 * @example
 * const o: LineChartOptions = { logX: true, logY: true, yRange: [0.01, 10] };
 */
export interface LineChartOptions {
  /** log10 x axis (points with x ≤ 0 are left out). */
  logX?: boolean;
  /** log10 y axis (points with y ≤ 0 are left out). */
  logY?: boolean;
  /** The y axis's span in data units (default: the data's); points beyond it are drawn at its edge. */
  yRange?: readonly [number, number];
}

/** Most points a series may have and still get dots by default. */
const DOTS_UP_TO = 30;

function mark(kind: "dot" | "cross", x: number, y: number, color: string): string {
  if (kind === "dot") return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3" fill="${color}"/>`;
  const [a, b, c, d] = [x - 4, x + 4, y - 4, y + 4].map((v) => v.toFixed(1));
  return `<path d="M${a} ${c}L${b} ${d}M${a} ${d}L${b} ${c}" stroke="${color}" stroke-width="2"/>`;
}

/**
 * A line chart as inline SVG (no scripts, no external assets), either axis linear or log10.
 *
 * @example
 * lineChart("Loss", "step", "loss", [{ name: "train", color: "#36c", points: [[0, 2.3], [100, 0.4]] }], { logY: true });
 */
export function lineChart(title: string, xLabel: string, yLabel: string, series: readonly Series[], opts: LineChartOptions = {}): string {
  const shown = (p: readonly [number, number]) => Number.isFinite(opts.logX ? Math.log10(p[0]) : p[0]) && Number.isFinite(opts.logY ? Math.log10(p[1]) : p[1]);
  const kept = series.map((s) => s.points.filter(shown));
  const all = kept.flat();
  if (all.length === 0) return noData(title, xLabel, yLabel);
  const x = axisScale(all.map((p) => p[0]), { log: opts.logX, from: PLOT.left, to: PLOT.right });
  const y = axisScale(all.map((p) => p[1]), { log: opts.logY, range: opts.yRange, from: PLOT.bottom, to: PLOT.top });
  const lines = series
    .map((s, i) => {
      const pts = kept[i].map(([a, b]) => [x.px(a), y.px(b)] as const);
      const marker = s.marker ?? (pts.length <= DOTS_UP_TO ? "dot" : "none");
      const line = (s.line ?? true) && pts.length > 0
        ? `<polyline fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""} points="${pts.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(" ")}"><title>${escapeXml(s.name)}</title></polyline>`
        : "";
      return line + (marker === "none" ? "" : pts.map(([a, b]) => mark(marker, a, b, s.color)).join(""));
    })
    .join("");
  const body = yGrid(y.tickPx, y.tickLabels) + xLabels(x.tickPx, x.tickLabels) + axes() + lines;
  return frame(title, xLabel, yLabel, body, series);
}
