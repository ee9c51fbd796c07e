import { lineChart, viridis, type Series } from "@chainrule/charts";
import { SGD } from "@chainrule/optim";
import { setSeed } from "@chainrule/tensor";
import { denseStack } from "../dense-stack.js";
import { listing, lossText, rate, whole } from "../format.js";
import type { Lesson } from "../lesson.js";
import { flatSplits } from "../mnist-splits.js";
import { trainRun, type LossPoint } from "../train-run.js";

/** Rates, sizes and steps of the learning-rate lesson. */
export interface LearningRateBudget {
  /** Learning rates to try, smallest first. */
  rates: number[];
  /** Plain-SGD steps for each rate. */
  steps: number;
  batchSize: number;
  trainSize: number;
  curveEvery: number;
  /** The final loss is the mean training loss over this many last steps. */
  finalWindow: number;
}

/** One learning rate's run. */
export interface LearningRateRun {
  lr: number;
  /** The loss of the first step, before any update. */
  initialLoss: number;
  /** Mean training loss over the last `finalWindow` steps; null when the run diverged. */
  finalLoss: number | null;
  /** Stopped by the NaN guard (fit's NonFiniteError). */
  diverged: boolean;
  /** The step the guard stopped, or null. */
  divergedAt: number | null;
  /** It lowered the loss by less than {@link BARELY_MOVED} of what the best rate did. */
  barelyMoved: boolean;
  curve: LossPoint[];
}

/** The learning-rate lesson's numbers. */
export interface LearningRateReport {
  runs: LearningRateRun[];
  budget: LearningRateBudget;
}

/**
 * A run "barely moved" when it got less than this fraction of the way down that the best rate got:
 * (initial − final) < BARELY_MOVED · (initial − best final).
 */
export const BARELY_MOVED = 0.25;

/** 1e-4, 3e-4, 1e-3, … 3, 10: two rates a decade. */
const HALF_DECADES = Array.from({ length: 11 }, (_, i) => Number((10 ** (-4 + i / 2)).toPrecision(1)));

/**
 * Too high explodes, too low does nothing: the same MLP trained with plain SGD for a fixed number
 * of steps at learning rates from 1e-4 to 10.
 *
 * @example
 * const { report } = await playLesson(learningRate, ctx);
 */
export const learningRate: Lesson<LearningRateReport, LearningRateBudget> = {
  name: "learning-rate",
  title: "Too high explodes, too low does nothing",
  explanation:
    "Plain SGD moves every weight by −lr·∂L/∂w each step. Too small a learning rate and the steps are too short to get anywhere in the time given; "
    + "too large and each step overshoots the valley it was aimed at, lands higher up the other side where the gradient is steeper still, "
    + "and the loss grows until it is no longer a number. "
    + "This lesson trains the same MLP (784-256-128-10, ReLU) from the same initial weights with plain SGD for the same number of steps at "
    + "learning rates from 1e-4 to 10, and records each loss curve; the NaN guard in fit stops a run whose loss or gradient turns infinite.",
  budget: { rates: HALF_DECADES, steps: 300, batchSize: 64, trainSize: 60000, curveEvery: 10, finalWindow: 30 },

  async run(ctx, b) {
    const { train, dispose } = await flatSplits(ctx, { trainSize: b.trainSize, testSize: 0 });
    try {
      const runs: Omit<LearningRateRun, "barelyMoved">[] = [];
      for (const lr of b.rates) {
        setSeed(ctx.seed);
        const model = denseStack({ name: "mlp", hidden: [256, 128], activation: "relu", init: "heNormal" });
        const optimizer = new SGD(model.parameters(), { lr });
        try {
          const run = await trainRun({ name: `lr ${rate(lr)}`, model, optimizer, data: train, steps: b.steps, batchSize: b.batchSize, seed: ctx.seed, progress: ctx.progress, curveEvery: b.curveEvery });
          const initialLoss = run.losses[0];
          const last = run.losses.slice(-b.finalWindow);
          const finalLoss = run.diverged ? null : last.reduce((a, c) => a + c, 0) / last.length;
          runs.push({ lr, initialLoss, finalLoss, diverged: run.diverged !== null, divergedAt: run.diverged?.step ?? null, curve: run.curve });
          ctx.progress.done(`lr ${rate(lr)}: ${run.diverged ? `diverged at step ${run.diverged.step} (loss ${lossText(run.diverged.loss)})` : `loss ${lossText(initialLoss)} → ${lossText(finalLoss as number)}`} (${run.seconds.toFixed(1)} s)`);
        } finally {
          optimizer.dispose();
          model.dispose();
        }
      }
      const drop = (x: (typeof runs)[number]) => (x.finalLoss === null ? -Infinity : x.initialLoss - x.finalLoss);
      const best = Math.max(...runs.map(drop));
      return { runs: runs.map((x) => ({ ...x, barelyMoved: x.finalLoss !== null && drop(x) < BARELY_MOVED * best })), budget: b };
    } finally {
      dispose();
    }
  },

  conclusion(r) {
    const trained = r.runs.filter((x) => !x.diverged);
    const best = trained.reduce((a, x) => ((x.finalLoss as number) < (a.finalLoss as number) ? x : a), trained[0]);
    const diverged = r.runs.filter((x) => x.diverged);
    const barely = r.runs.filter((x) => x.barelyMoved);
    const share = `${Math.round(100 * BARELY_MOVED)}%`;
    const parts = [`Plain SGD on the MLP for ${whole(r.budget.steps)} steps at ${r.runs.length} learning rates from ${rate(r.runs[0].lr)} to ${rate(r.runs[r.runs.length - 1].lr)}: `];
    parts.push(best ? `the lowest final loss came at lr ${rate(best.lr)} (${lossText(best.initialLoss)} → ${lossText(best.finalLoss as number)}). ` : "no rate trained without diverging. ");
    parts.push(diverged.length
      ? `${listing(diverged.map((x) => `lr ${rate(x.lr)}`))} diverged: the NaN guard stopped ${diverged.length === 1 ? "it" : "them"} at step ${listing(diverged.map((x) => String(x.divergedAt)))}. `
      : "No rate diverged. ");
    parts.push(barely.length
      ? `${listing(barely.map((x) => `lr ${rate(x.lr)} (${lossText(x.initialLoss)} → ${lossText(x.finalLoss as number)})`))} barely moved: the loss fell by less than ${share} of what it fell at lr ${rate(best.lr)}.`
      : `Every run that did not diverge lowered the loss by at least ${share} of what the best one did.`);
    return parts.join("");
  },

  charts(r) {
    const color = (i: number) => viridis(i / Math.max(1, r.runs.length - 1));
    const start = Math.max(...r.runs.map((x) => x.initialLoss));
    const lowest = Math.min(...r.runs.flatMap((x) => x.curve.map((p) => p.loss)));
    // Diverging curves run off the top edge: the interesting part is at and below the starting loss.
    const curves = lineChart("Training loss at each learning rate", `step (log scale; after step ${r.budget.curveEvery}, means of ${r.budget.curveEvery} steps)`, "cross-entropy", r.runs.map((x, i): Series => ({
      name: `lr ${rate(x.lr)}${x.diverged ? " (diverged)" : ""}`, color: color(i), dashed: x.diverged, points: x.curve.map((p) => [p.step, p.loss] as const),
    })), { logX: true, logY: true, yRange: [lowest, 2 * start] });
    const finals = r.runs.filter((x) => !x.diverged);
    const final = lineChart(`Loss after ${whole(r.budget.steps)} steps against the learning rate`, "learning rate", "final training loss", [
      { name: "final loss", color: "#3366cc", points: finals.map((x) => [x.lr, x.finalLoss as number] as const) },
      { name: "barely moved", color: "#ff9900", line: false, marker: "dot", points: finals.filter((x) => x.barelyMoved).map((x) => [x.lr, x.finalLoss as number] as const) },
      { name: "diverged (stopped by the NaN guard)", color: "#dc3912", line: false, marker: "cross", points: r.runs.filter((x) => x.diverged).map((x) => [x.lr, 2 * start] as const) },
    ], { logX: true, logY: true, ...(finals.length ? { yRange: [Math.min(...finals.map((x) => x.finalLoss as number)), 2 * start] as const } : {}) });
    return [final, curves];
  },

  table(r) {
    return {
      head: ["learning rate", "initial loss", "final loss", "outcome"],
      rows: r.runs.map((x) => [rate(x.lr), lossText(x.initialLoss), x.finalLoss === null ? "" : lossText(x.finalLoss),
        x.diverged ? `diverged at step ${x.divergedAt}` : x.barelyMoved ? "barely moved" : "trained"]),
    };
  },
};
