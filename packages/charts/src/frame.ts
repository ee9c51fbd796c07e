import { escapeXml } from "./escape-xml.js";

/** Every chart is this wide (px); its plot area sits at the same place, so charts line up on a page. */
export const WIDTH = 620;
/** The plot area, in px from the chart's top-left corner. */
export const PLOT = { left: 64, right: WIDTH - 16, top: 36, bottom: 236 } as const;

/** One entry of a chart's legend. */
export interface LegendItem {
  name: string;
  color: string;
}

/** Legend rows start this far below the plot area; below them is nothing. */
const LEGEND_TOP = 46;
const LEGEND_ROW = 16;
/** A rough width of one character of the 11 px sans-serif legend text, to wrap the rows. */
const CHAR_PX = 6.2;

/** Legend entries flowed left to right in rows that fit the chart's width. */
function legendRows(legend: readonly LegendItem[]): { item: LegendItem; x: number; row: number }[] {
  const out: { item: LegendItem; x: number; row: number }[] = [];
  let x = PLOT.left;
  let row = 0;
  for (const item of legend) {
    const width = 16 + item.name.length * CHAR_PX + 18;
    if (x > PLOT.left && x + width > PLOT.right) [x, row] = [PLOT.left, row + 1];
    out.push({ item, x, row });
    x += width;
  }
  return out;
}

/**
 * The SVG around a chart's body: title, axis titles and the legend, which wraps onto as many rows
 * as it needs (the chart grows taller for them).
 *
 * @example
 * frame("Loss", "step", "loss", `<line .../>`, [{ name: "train", color: "#36c" }]);
 */
export function frame(title: string, xLabel: string, yLabel: string, body: string, legend: readonly LegendItem[]): string {
  const placed = legendRows(legend);
  const rows = placed.length ? placed[placed.length - 1].row + 1 : 1;
  const height = PLOT.bottom + LEGEND_TOP + LEGEND_ROW * rows + 2;
  const items = placed
    .map(({ item, x, row }) => {
      const y = PLOT.bottom + LEGEND_TOP + row * LEGEND_ROW;
      return `<rect x="${x.toFixed(1)}" y="${y}" width="12" height="12" fill="${item.color}"/><text x="${(x + 16).toFixed(1)}" y="${y + 10}">${escapeXml(item.name)}</text>`;
    })
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" font-family="sans-serif" font-size="11">`
    + `<text x="${WIDTH / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(title)}</text>`
    + `<text x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 34}" text-anchor="middle">${escapeXml(xLabel)}</text>`
    + `<text transform="translate(14 ${(PLOT.top + PLOT.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`
    + body + items + `</svg>`;
}

/**
 * An empty chart that says so.
 *
 * @example
 * noData("Loss", "step", "loss");
 */
export function noData(title: string, xLabel: string, yLabel: string): string {
  return frame(title, xLabel, yLabel, `<text x="${WIDTH / 2}" y="${(PLOT.top + PLOT.bottom) / 2}" text-anchor="middle">no data</text>`, []);
}

/**
 * Horizontal grid lines at the pixel rows `ys`, each labelled at the left of the plot area.
 *
 * @example
 * yGrid([236, 136, 36], ["0", "0.5", "1"]);
 */
export function yGrid(ys: readonly number[], labels: readonly string[], right: number = PLOT.right): string {
  return ys
    .map((y, i) => `<line x1="${PLOT.left}" x2="${right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#ddd"/>`
      + `<text x="${PLOT.left - 4}" y="${(y + 4).toFixed(1)}" text-anchor="end">${escapeXml(labels[i])}</text>`)
    .join("");
}

/**
 * Labels under the plot area at the pixel columns `xs`.
 *
 * @example
 * xLabels([64, 604], ["0", "100"]);
 */
export function xLabels(xs: readonly number[], labels: readonly string[]): string {
  return xs.map((x, i) => `<text x="${x.toFixed(1)}" y="${PLOT.bottom + 14}" text-anchor="middle">${escapeXml(labels[i])}</text>`).join("");
}

/** The left and bottom axis lines of the plot area. */
export function axes(right: number = PLOT.right): string {
  return `<line x1="${PLOT.left}" x2="${PLOT.left}" y1="${PLOT.top}" y2="${PLOT.bottom}" stroke="#333"/>`
    + `<line x1="${PLOT.left}" x2="${right}" y1="${PLOT.bottom}" y2="${PLOT.bottom}" stroke="#333"/>`;
}
