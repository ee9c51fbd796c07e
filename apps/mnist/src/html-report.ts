import { barChart, escapeXml, lineChart } from "@chainrule/charts";
import type { ActivationFlow, GradFlowSample, WeightFlow } from "@chainrule/train";
import { count } from "./display.js";
import type { RunReport } from "./report.js";

const TRAIN = "#3366cc";
const TEST = "#dc3912";
const PALETTE = ["#3366cc", "#dc3912", "#ff9900", "#109618", "#990099"];

/**
 * A self-contained HTML page (inline CSS and SVG, no scripts or external assets) with the run's
 * settings, loss and accuracy curves, per-epoch table, per-class accuracy, confusion matrix and,
 * when sampled, the per-layer gradient-flow charts.
 *
 * @example
 * await writeFileAtomic("run.html", renderHtmlReport(report));
 */
export function renderHtmlReport(r: RunReport): string {
  const x = (step: number) => step / r.stepsPerEpoch;
  const lossChart = lineChart("Loss", "epoch", "cross-entropy", [
    { name: "train (running mean)", color: TRAIN, points: r.curve.map((c) => [x(c.step), c.loss]) },
    { name: "test (end of epoch)", color: TEST, points: r.epochs.filter((e) => e.testLoss !== null).map((e) => [e.epoch, e.testLoss as number]) },
  ], { logY: true });
  const accChart = lineChart("Accuracy", "epoch", "accuracy", [
    { name: "train (running mean)", color: TRAIN, points: r.curve.filter((c) => c.accuracy !== null).map((c) => [x(c.step), c.accuracy as number]) },
    { name: "test (end of epoch)", color: TEST, points: r.epochs.filter((e) => e.testAccuracy !== null).map((e) => [e.epoch, e.testAccuracy as number]) },
  ]);
  const settings: [string, string][] = [
    ["model", `${r.model} (${r.parameters.toLocaleString("en-US")} parameters)`],
    ["dataset", r.dataset],
    ["backend", `${r.backend}, ${count(r.threads, "thread")}`],
    ["recipe", Object.entries(r.recipe).map(([k, v]) => `${k} ${v}`).join(", ")],
    ["seed", String(r.seed)],
    ["test accuracy", pct(r.testAccuracy)],
    ["test loss", r.testLoss.toFixed(4)],
    ["time", `${r.seconds.toFixed(1)} s, ${Math.round(r.samplesPerSecond)} samples/s`],
    ["command", r.command],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chainrule-mnist: ${escapeXml(r.model)} ${pct(r.testAccuracy)}</title>
<style>
body{font-family:sans-serif;max-width:1320px;margin:24px auto;padding:0 16px;color:#222}
table{border-collapse:collapse;margin:8px 0 24px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
th{background:#f3f3f3}td.l,th.l{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:16px}
.diag{background:#e6f4e6;font-weight:bold}
</style></head><body>
<h1>chainrule-mnist — ${escapeXml(r.model)} on ${escapeXml(r.dataset)}: ${pct(r.testAccuracy)} test accuracy</h1>
<table>${settings.map(([k, v]) => `<tr><th class="l">${escapeXml(k)}</th><td class="l">${escapeXml(v)}</td></tr>`).join("")}</table>
<div class="charts">${lossChart}${accChart}</div>
<h2>Epochs</h2>
${table(["epoch", "train loss", "train acc", "test loss", "test acc", "lr", "seconds", "samples/s"], r.epochs.map((e) => [
    String(e.epoch), e.trainLoss.toFixed(4), e.trainAccuracy === null ? "" : pct(e.trainAccuracy), e.testLoss?.toFixed(4) ?? "",
    e.testAccuracy === null ? "" : pct(e.testAccuracy), e.lr.toPrecision(3), e.seconds.toFixed(1), String(Math.round(e.samplesPerSecond)),
  ]))}
${r.stopReason ? `<p>Stopped early: ${escapeXml(r.stopReason)}</p>` : ""}
<h2>Per-class accuracy and confusion matrix</h2>
${confusionTable(r)}
${r.gradFlow?.length ? gradFlowSection(r.gradFlow) : ""}
</body></html>
`;
}

function pct(v: number): string {
  return `${(100 * v).toFixed(2)}%`;
}

function table(head: string[], rows: string[][]): string {
  return `<table><tr>${head.map((h) => `<th>${escapeXml(h)}</th>`).join("")}</tr>${rows
    .map((row) => `<tr>${row.map((c) => `<td>${escapeXml(c)}</td>`).join("")}</tr>`)
    .join("")}</table>`;
}

function confusionTable(r: RunReport): string {
  const k = r.confusion.length;
  const head = `<tr><th class="l">true ↓ / predicted →</th>${Array.from({ length: k }, (_, p) => `<th>${p}</th>`).join("")}<th>accuracy</th></tr>`;
  const rows = r.confusion
    .map((row, t) => `<tr><th>${t}</th>${row.map((n, p) => `<td${p === t ? ' class="diag"' : ""}>${n}</td>`).join("")}<td>${pct(r.perClassAccuracy[t])}</td></tr>`)
    .join("");
  return `<table>${head}${rows}</table>`;
}

/** Charts of the first and last gradient-flow samples: weight-gradient norms (log), ratios, unit fractions. */
function gradFlowSection(samples: GradFlowSample[]): string {
  const picked = samples.length > 1 ? [samples[0], samples[samples.length - 1]] : samples;
  const weightLayers = picked[0].layers.filter((l): l is WeightFlow => l.kind === "weights").map((l) => l.layer);
  const actLayers = picked[0].layers.filter((l): l is ActivationFlow => l.kind !== "weights").map((l) => l.layer);
  const weightSeries = (key: "gradNorm" | "ratio") => picked.map((s, i) => ({
    name: `step ${s.step}`,
    color: PALETTE[i % PALETTE.length],
    values: s.layers.filter((l): l is WeightFlow => l.kind === "weights").map((l) => l[key]),
  }));
  const actSeries = picked.map((s, i) => ({
    name: `step ${s.step}`,
    color: PALETTE[i % PALETTE.length],
    values: s.layers.filter((l): l is ActivationFlow => l.kind !== "weights").map((l) => l.fraction),
  }));
  const last = picked[picked.length - 1];
  return `<h2>Gradient flow</h2>
<p>Weight-gradient norm per layer (input side on the left). In a deep sigmoid network it shrinks toward the input; with ReLU it flows.</p>
<div class="charts">${barChart("‖∂L/∂W‖ per layer", weightLayers, weightSeries("gradNorm"), { logY: true, yLabel: "L2 norm (log)" })}
${barChart("‖∂L/∂W‖ / ‖W‖ per layer", weightLayers, weightSeries("ratio"), { logY: true, yLabel: "ratio (log)" })}
${actLayers.length ? barChart("Dead ReLU / saturated units", actLayers, actSeries, { yLabel: "fraction" }) : ""}</div>
<h3>Step ${last.step}</h3>
${table(["layer", "kind", "grad norm", "grad / weight", "dead or saturated"], last.layers.map((l) => l.kind === "weights"
    ? [l.layer, "weights", l.gradNorm.toExponential(2), l.ratio.toExponential(2), ""]
    : [l.layer, l.kind, "", "", pct(l.fraction)]))}`;
}
