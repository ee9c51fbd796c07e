import { axisScale } from "./axis-scale.js";
import { viridis } from "./color-scale.js";
import { escapeXml } from "./escape-xml.js";
import { frame, noData, PLOT, xLabels } from "./frame.js";
import { formatNumber } from "./ticks.js";

/**
 * Options of {@link heatMap}.
 *
 * @example
 * const o: HeatMapOptions = { log: true, range: [1e-6, 10], xLabel: "step", yLabel: "layer" };
 */
export interface HeatMapOptions {
  xLabel?: string;
  yLabel?: string;
  /** Colour by log10 of the value (values ≤ 0 then count as missing). */
  log?: boolean;
  /**
   * The values the two ends of the colour scale stand for (default: the smallest and largest
   * shown); values beyond get the end colours. Give several maps one range to compare them.
   */
  range?: readonly [number, number];
  /** Legend text of the cells without a value (default "no value"). */
  missingLabel?: string;
}

const MISSING = "#eeeeee";
/** Width kept right of the cells for the colour bar and its labels. */
const BAR_SPACE = 64;
const BAR_SEGMENTS = 24;
/** At most this many column labels, evenly spaced. */
const MAX_COLUMN_LABELS = 8;

/**
 * A heat map as inline SVG: `values[r][c]` coloured (viridis) in row r (top to bottom) and column c,
 * with a colour bar; null, non-finite (and with `log`, non-positive) values are drawn as missing.
 *
 * @example
 * heatMap("‖∂L/∂W‖", ["fc1", "fc2"], [1, 50, 100], [[1e-4, 2e-4, 3e-4], [0.1, 0.2, null]], { log: true, xLabel: "step" });
 */
export function heatMap(
  title: string, rows: readonly string[], columns: readonly (number | string)[], values: readonly (readonly (number | null)[])[], opts: HeatMapOptions = {},
): string {
  const xLabel = opts.xLabel ?? "";
  const yLabel = opts.yLabel ?? "";
  const unit = opts.log ? Math.log10 : (v: number) => v;
  const shown = (v: number | null): v is number => v !== null && Number.isFinite(unit(v));
  const finite = values.flat().filter(shown);
  if (finite.length === 0 || rows.length === 0 || columns.length === 0) return noData(title, xLabel, yLabel);
  const range = opts.range ?? [Math.min(...finite), Math.max(...finite)];
  const bar = axisScale([], { log: opts.log, range, from: PLOT.bottom, to: PLOT.top });
  // The colour of a value is its place on the bar, 0 at the bottom and 1 at the top.
  const colorOf = (v: number) => viridis((PLOT.bottom - bar.px(v)) / (PLOT.bottom - PLOT.top));
  const right = PLOT.right - BAR_SPACE;
  const cw = (right - PLOT.left) / columns.length;
  const ch = (PLOT.bottom - PLOT.top) / rows.length;
  let missing = false;
  const cells = rows
    .map((row, r) => columns
      .map((col, c) => {
        const v = values[r]?.[c] ?? null;
        const ok = shown(v);
        missing ||= !ok;
        const text = `${row}, ${xLabel || "column"} ${col}: ${ok ? formatNumber(v, 3) : "no value"}`;
        return `<rect x="${(PLOT.left + c * cw).toFixed(1)}" y="${(PLOT.top + r * ch).toFixed(1)}" width="${(cw + 0.5).toFixed(1)}" height="${(ch + 0.5).toFixed(1)}" fill="${ok ? colorOf(v) : MISSING}"><title>${escapeXml(text)}</title></rect>`;
      })
      .join(""))
    .join("");
  const rowLabels = rows
    .map((row, r) => `<text x="${PLOT.left - 4}" y="${(PLOT.top + (r + 0.5) * ch + 4).toFixed(1)}" text-anchor="end">${escapeXml(row)}</text>`)
    .join("");
  const every = Math.ceil(columns.length / MAX_COLUMN_LABELS);
  const labelled = columns.map((col, c) => ({ col, c })).filter(({ c }) => c % every === 0);
  const colLabels = xLabels(labelled.map(({ c }) => PLOT.left + (c + 0.5) * cw), labelled.map(({ col }) => String(col)));
  const bx = right + 12;
  const segment = (PLOT.bottom - PLOT.top) / BAR_SEGMENTS;
  const barRects = Array.from({ length: BAR_SEGMENTS }, (_, i) => `<rect x="${bx}" y="${(PLOT.bottom - (i + 1) * segment).toFixed(1)}" width="12" height="${(segment + 0.5).toFixed(1)}" fill="${viridis((i + 0.5) / BAR_SEGMENTS)}"/>`).join("");
  const barLabels = bar.tickPx.map((y, i) => `<text x="${bx + 16}" y="${(y + 4).toFixed(1)}">${escapeXml(bar.tickLabels[i])}</text>`).join("");
  const legend = missing ? [{ name: opts.missingLabel ?? "no value", color: MISSING }] : [];
  return frame(title, xLabel, yLabel, cells + rowLabels + colLabels + barRects + barLabels, legend);
}
