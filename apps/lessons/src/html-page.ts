import { escapeXml } from "@chainrule/charts";
import type { Outcome } from "./lesson.js";

/** What the page says about the run besides the lesson's own outcome. */
export interface PageFacts {
  title: string;
  explanation: string;
  /** "wasm, fma, 1 thread" */
  backend: string;
  seed: number;
  seconds: number;
  /** When it ran, ISO 8601. */
  date: string;
  command: string;
}

/**
 * A self-contained HTML page of a lesson (inline CSS and SVG, no scripts or external assets): what
 * it shows, this run's conclusion, the charts, the table of runs and how it was run.
 *
 * @example
 * await writeFileAtomic("lesson.html", lessonPage(outcome, facts));
 */
export function lessonPage(o: Outcome, f: PageFacts): string {
  const head = `<tr>${o.table.head.map((h) => `<th>${escapeXml(h)}</th>`).join("")}</tr>`;
  const rows = o.table.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeXml(c)}</td>`).join("")}</tr>`).join("");
  const facts: [string, string][] = [
    ["backend", f.backend], ["seed", String(f.seed)], ["time", `${f.seconds.toFixed(1)} s`], ["date", f.date], ["command", f.command],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chainrule lesson: ${escapeXml(f.title)}</title>
<style>
body{font-family:sans-serif;max-width:1320px;margin:24px auto;padding:0 16px;color:#222;line-height:1.45}
p{max-width:900px}.conclusion{background:#f3f7ff;border-left:4px solid #3366cc;padding:8px 12px}
table{border-collapse:collapse;margin:8px 0 24px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
th{background:#f3f3f3}td:first-child{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:16px}
</style></head><body>
<h1>${escapeXml(f.title)}</h1>
<p>${escapeXml(f.explanation)}</p>
<p class="conclusion">${escapeXml(o.conclusion)}</p>
<div class="charts">${o.charts.join("\n")}</div>
<table>${head}${rows}</table>
<table>${facts.map(([k, v]) => `<tr><th>${escapeXml(k)}</th><td>${escapeXml(v)}</td></tr>`).join("")}</table>
</body></html>
`;
}
