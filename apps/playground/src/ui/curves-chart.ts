import uPlot from "uplot";

/** Loss and accuracy over steps. */
export interface CurvesChart {
  /** One training step's batch loss and accuracy. */
  addStep(step: number, loss: number, accuracy: number): void;
  /** Accuracy on the held-out digits at `step`. */
  addEvaluation(step: number, accuracy: number): void;
  clear(): void;
}

/** Weight of the past in the smoothed training curves (an exponential moving average). */
const SMOOTHING = 0.9;

/**
 * A uPlot chart in `container`: smoothed training loss (left axis) and training and held-out
 * accuracy (right axis, 0–1), against the step. Redraws at most once per animation frame.
 *
 * @example
 * const chart = createCurvesChart(div);
 * chart.addStep(1, 2.3, 0.1);
 */
export function createCurvesChart(container: HTMLElement): CurvesChart {
  const steps: number[] = [];
  const loss: (number | null)[] = [];
  const accuracy: (number | null)[] = [];
  const heldOut: (number | null)[] = [];
  // Smoothed values are debiased like Adam's moments: ema / (1 − β^n), so the first points are not pulled to 0.
  let emaLoss = 0;
  let emaAccuracy = 0;
  let n = 0;

  const plot = new uPlot(
    {
      width: container.clientWidth || 600,
      height: 260,
      scales: { x: { time: false }, loss: { auto: true }, acc: { range: [0, 1] } },
      series: [
        { label: "step" },
        { label: "training loss (smoothed)", scale: "loss", stroke: "#2f6fde", width: 1.5 },
        { label: "training accuracy (smoothed)", scale: "acc", stroke: "#9bb5e8", width: 1 },
        { label: "held-out accuracy", scale: "acc", stroke: "#1f8f4e", width: 2, spanGaps: true, points: { show: true, size: 6 } },
      ],
      axes: [
        { label: "step" },
        { scale: "loss", label: "loss" },
        { scale: "acc", label: "accuracy", side: 1, grid: { show: false } },
      ],
    },
    [[], [], [], []],
    container,
  );
  new ResizeObserver(() => plot.setSize({ width: container.clientWidth, height: 260 })).observe(container);

  let frame = 0;
  const redraw = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      plot.setData([steps, loss, accuracy, heldOut] as uPlot.AlignedData);
    });
  };

  return {
    addStep(step, l, a) {
      n++;
      emaLoss = SMOOTHING * emaLoss + (1 - SMOOTHING) * l;
      emaAccuracy = SMOOTHING * emaAccuracy + (1 - SMOOTHING) * a;
      const debias = 1 - SMOOTHING ** n;
      steps.push(step);
      loss.push(emaLoss / debias);
      accuracy.push(emaAccuracy / debias);
      heldOut.push(null);
      redraw();
    },
    addEvaluation(step, a) {
      // An evaluation follows the progress message of its step; a loaded model has no step yet.
      if (steps.length > 0 && steps[steps.length - 1] === step) heldOut[heldOut.length - 1] = a;
      else {
        steps.push(step);
        loss.push(null);
        accuracy.push(null);
        heldOut.push(a);
      }
      redraw();
    },
    clear() {
      steps.length = loss.length = accuracy.length = heldOut.length = 0;
      emaLoss = emaAccuracy = 0;
      n = 0;
      redraw();
    },
  };
}
