import { lineChart, type Series } from "@chainrule/charts";
import { SGD } from "@chainrule/optim";
import { setSeed } from "@chainrule/tensor";
import { testAccuracy } from "../accuracy.js";
import { denseStack } from "../dense-stack.js";
import { pct, rate, whole } from "../format.js";
import type { Lesson } from "../lesson.js";
import { flatSplits } from "../mnist-splits.js";
import { trainRun } from "../train-run.js";

/** Network, rates and limits of the batchnorm lesson. */
export interface BatchnormBudget {
  /** Units of each hidden layer. */
  hidden: number[];
  baseLr: number;
  highLr: number;
  /** SGD momentum. */
  momentum: number;
  /** A run that has not reached the target by then stops here. */
  maxSteps: number;
  /** Held-out accuracy is measured every this many steps. */
  evalEvery: number;
  /** Held-out images: the first of the test set. */
  evalSize: number;
  /** Held-out accuracy to reach. */
  target: number;
  batchSize: number;
  trainSize: number;
}

/** One network at one rate. */
export interface BatchnormRun {
  batchnorm: boolean;
  lr: number;
  /** The first measured step whose held-out accuracy reached the target; null if none did. */
  stepsToTarget: number | null;
  /** The step the NaN guard stopped the run, or null. */
  divergedAt: number | null;
  /** Held-out accuracy every `evalEvery` steps. */
  curve: { step: number; accuracy: number }[];
  seconds: number;
}

/** The batchnorm lesson's numbers. */
export interface BatchnormReport {
  runs: BatchnormRun[];
  budget: BatchnormBudget;
}

const COLORS = ["#3366cc", "#dc3912", "#ff9900", "#109618"];

function label(x: BatchnormRun): string {
  return `${x.batchnorm ? "BatchNorm" : "no BatchNorm"}, lr ${rate(x.lr)}`;
}

/** "after 1,200 steps" / "diverged at step 40" / "not within 3,000 steps (best 95.10%)" */
function outcome(x: BatchnormRun, b: BatchnormBudget): string {
  if (x.stepsToTarget !== null) return `reached ${pct(b.target)} after ${whole(x.stepsToTarget)} steps`;
  if (x.divergedAt !== null) return `diverged at step ${whole(x.divergedAt)} (stopped by the NaN guard)`;
  const best = Math.max(...x.curve.map((p) => p.accuracy));
  return `did not reach ${pct(b.target)} within ${whole(b.maxSteps)} steps (best ${pct(best)})`;
}

/**
 * The same deep ReLU network with and without BatchNorm, at a base and a high learning rate:
 * steps until it reaches a target accuracy on held-out images.
 *
 * @example
 * const { report } = await playLesson(batchnorm, ctx);
 */
export const batchnorm: Lesson<BatchnormReport, BatchnormBudget> = {
  name: "batchnorm",
  title: "BatchNorm: the same deep network, faster and at rates it could not take",
  explanation:
    "In a deep network every layer's input keeps changing as the layers before it learn, and one learning rate must suit layers whose "
    + "gradients differ by orders of magnitude. BatchNorm standardises each unit over the batch (zero mean, unit variance, then a learned "
    + "scale and shift), so each layer sees inputs of a steady scale and the loss is far less sensitive to how large the weights are. "
    + "This lesson trains the same deep ReLU network with and without BatchNorm after each hidden layer, with SGD and momentum at a base "
    + "and at a high learning rate, and counts the steps until each reaches the target accuracy on held-out test images.",
  budget: { hidden: Array.from({ length: 6 }, () => 256), baseLr: 0.05, highLr: 0.5, momentum: 0.9, maxSteps: 3000, evalEvery: 50, evalSize: 2000, target: 0.97, batchSize: 128, trainSize: 60000 },

  async run(ctx, b) {
    const { train, test: heldOut, dispose } = await flatSplits(ctx, { trainSize: b.trainSize, testSize: b.evalSize });
    try {
      const runs: BatchnormRun[] = [];
      for (const lr of [b.baseLr, b.highLr]) {
        for (const bn of [false, true]) {
          setSeed(ctx.seed);
          const model = denseStack({ name: bn ? "deep-bn" : "deep", hidden: b.hidden, activation: "relu", init: "heNormal", batchnorm: bn });
          const optimizer = new SGD(model.parameters(), { lr, momentum: b.momentum });
          const run: BatchnormRun = { batchnorm: bn, lr, stepsToTarget: null, divergedAt: null, curve: [], seconds: 0 };
          try {
            const trained = await trainRun({
              name: label(run), model, optimizer, data: train, steps: b.maxSteps, batchSize: b.batchSize, seed: ctx.seed, progress: ctx.progress, curveEvery: b.evalEvery,
              afterStep: async (step) => {
                if (step % b.evalEvery !== 0) return false;
                const accuracy = await testAccuracy(model, heldOut);
                run.curve.push({ step, accuracy });
                if (accuracy >= b.target) run.stepsToTarget = step;
                return run.stepsToTarget !== null;
              },
            });
            run.divergedAt = trained.diverged?.step ?? null;
            run.seconds = trained.seconds;
          } finally {
            optimizer.dispose();
            model.dispose();
          }
          runs.push(run);
          ctx.progress.done(`${label(run)}: ${outcome(run, b)} (${run.seconds.toFixed(1)} s)`);
        }
      }
      return { runs, budget: b };
    } finally {
      dispose();
    }
  },

  conclusion(r) {
    const b = r.budget;
    const find = (bn: boolean, lr: number) => r.runs.find((x) => x.batchnorm === bn && x.lr === lr) as BatchnormRun;
    const sentence = (lr: number) => {
      const [plain, bn] = [find(false, lr), find(true, lr)];
      const ratio = plain.stepsToTarget !== null && bn.stepsToTarget !== null ? ` (${(bn.stepsToTarget / plain.stepsToTarget).toFixed(2)}x the steps)` : "";
      return `At lr ${rate(lr)} the network without BatchNorm ${outcome(plain, b)}; with BatchNorm it ${outcome(bn, b)}${ratio}.`;
    };
    return `Target: ${pct(b.target)} on ${whole(b.evalSize)} held-out test images, measured every ${whole(b.evalEvery)} steps, for a ${b.hidden.length}-hidden-layer ReLU network `
      + `(${b.hidden.join("-")}) trained with SGD, momentum ${b.momentum}. ${sentence(b.baseLr)} ${sentence(b.highLr)}`;
  },

  charts(r) {
    const b = r.budget;
    // A run the NaN guard stopped before its first measurement is a cross at the bottom edge, where it stopped.
    const series = r.runs.map((x, i): Series => (x.divergedAt !== null && x.curve.length === 0
      ? { name: `${label(x)}: diverged at step ${x.divergedAt}`, color: COLORS[i % COLORS.length], line: false, marker: "cross", points: [[x.divergedAt, 0]] }
      : { name: label(x), color: COLORS[i % COLORS.length], dashed: !x.batchnorm, points: x.curve.map((p) => [p.step, p.accuracy] as const) }));
    series.push({ name: `target ${pct(b.target)}`, color: "#999999", marker: "none", points: [[0, b.target], [b.maxSteps, b.target]] });
    return [lineChart(`Held-out accuracy (${whole(b.evalSize)} test images)`, "step", "accuracy", series, { yRange: [b.target - 0.1, b.target + 0.01] })];
  },

  table(r) {
    return {
      head: ["BatchNorm", "learning rate", "steps to target", "outcome", "seconds"],
      rows: r.runs.map((x) => [x.batchnorm ? "yes" : "no", rate(x.lr), x.stepsToTarget === null ? "" : whole(x.stepsToTarget), outcome(x, r.budget), x.seconds.toFixed(1)]),
    };
  },
};
