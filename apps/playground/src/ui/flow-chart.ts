import uPlot from "uplot";
import type { LayerFlow } from "../protocol.js";

/** The gradient flow across layers at the latest sample, next to the first sample of the run. */
export interface FlowChart {
  show(step: number, layers: LayerFlow[]): void;
  clear(): void;
}

/**
 * A uPlot chart in `container` with the layers on the x axis (input on the left) and, on a log
 * axis, each layer's weight-gradient norm ‖∂L/∂W‖, now and at the run's first sample; a second
 * axis shows the share of units that pass (almost) no gradient: dead ReLUs, saturated sigmoids.
 *
 * @example
 * const chart = createFlowChart(div);
 * chart.show(20, flows);
 */
export function createFlowChart(container: HTMLElement): FlowChart {
  let names: string[] = [];
  let first: (number | null)[] = [];
  let firstStep = 0;

  const plot = new uPlot(
    {
      width: container.clientWidth || 600,
      height: 260,
      scales: { x: { time: false }, grad: { distr: 3 }, frac: { range: [0, 1] } },
      series: [
        { label: "layer", value: (_u, v) => (v === null ? "–" : (names[v] ?? "")) },
        { label: "‖∂L/∂W‖ now", scale: "grad", stroke: "#d33a2c", width: 2, points: { show: true, size: 7 } },
        { label: "‖∂L/∂W‖ at first step", scale: "grad", stroke: "#e9a39c", width: 1, dash: [6, 4], points: { show: true, size: 5 } },
        { label: "inactive units", scale: "frac", stroke: "#5b6475", width: 1, points: { show: true, size: 6, fill: "#5b6475" } },
      ],
      axes: [
        { label: "layer (input → output)", splits: () => names.map((_, i) => i), values: (_u, splits) => splits.map((i) => names[i] ?? "") },
        { scale: "grad", label: "gradient norm (log)", values: (_u, splits) => splits.map(logTick) },
        { scale: "frac", label: "inactive units", side: 1, grid: { show: false } },
      ],
    },
    [[], [], [], []],
    container,
  );
  new ResizeObserver(() => plot.setSize({ width: container.clientWidth, height: 260 })).observe(container);

  // A log axis cannot show 0: an exactly zero gradient is left out.
  const positive = (v: number) => (v > 0 && Number.isFinite(v) ? v : null);

  return {
    show(step, layers) {
      const now = layers.map((l) => positive(l.gradNorm));
      if (names.length !== layers.length || step <= firstStep) {
        names = layers.map((l) => l.layer);
        first = now;
        firstStep = step;
      }
      plot.setData([names.map((_, i) => i), now, first, layers.map((l) => l.inactive)] as uPlot.AlignedData);
      // The numbers behind the picture, for anyone (or any test) reading the page rather than the canvas.
      container.dataset.step = String(step);
      container.dataset.gradNorms = JSON.stringify(layers.map((l) => l.gradNorm));
    },
    clear() {
      names = [];
      first = [];
      firstStep = 0;
      plot.setData([[], [], [], []]);
      delete container.dataset.step;
      delete container.dataset.gradNorms;
    },
  };
}

/** A tick of the log axis: 0.01, 0.1, 1, 10 as written; smaller and larger powers as 1e-5, 1e+3. */
function logTick(v: number | null): string {
  if (v === null) return "";
  return v >= 0.01 && v <= 100 ? String(Number(v.toPrecision(1))) : v.toExponential(0);
}
