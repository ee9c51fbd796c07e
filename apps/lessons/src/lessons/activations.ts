import { barChart, lineChart } from "@chainrule/charts";
import type { SplitDataset } from "@chainrule/data-mnist";
import type { Sequential } from "@chainrule/layers";
import { Adam, cosineDecay } from "@chainrule/optim";
import { setSeed } from "@chainrule/tensor";
import { testAccuracy } from "../accuracy.js";
import { applyAffine, collapseDenseStack } from "../collapse.js";
import { denseStack, type DenseStackOptions } from "../dense-stack.js";
import { pct, pointsFrom, sci, whole } from "../format.js";
import type { Lesson } from "../lesson.js";
import { flatSplits } from "../mnist-splits.js";
import { trainRun, type LossPoint } from "../train-run.js";

/** Sizes and steps of the activations lesson. */
export interface ActivationsBudget {
  trainSize: number;
  testSize: number;
  /** Adam steps for each of the three models. */
  steps: number;
  batchSize: number;
  lr: number;
  /** Dense layers of the deep stacks, the classifier included. */
  depth: number;
  width: number;
  curveEvery: number;
}

export type ActivationsRunName = "logistic" | "linear-deep" | "relu-deep";

/** The activations lesson's numbers. */
export interface ActivationsReport {
  runs: { name: ActivationsRunName; testAccuracy: number; parameters: number; seconds: number; curve: LossPoint[] }[];
  /** Largest |stack output − single-matrix output| over every logit of the test set. */
  collapsedMatrixError: number;
  /** The single matrix as a classifier: its accuracy, how often it picks the stack's digit, the largest |logit| (the scale of the error). */
  collapsed: { testAccuracy: number; agreement: number; maxAbsLogit: number; shape: [number, number] };
  budget: ActivationsBudget;
}

const COLORS: Record<ActivationsRunName, string> = { logistic: "#888888", "linear-deep": "#3366cc", "relu-deep": "#dc3912" };

/** The three models: the same data, optimizer and steps; only depth and the activation differ. */
function specs(b: ActivationsBudget): (DenseStackOptions & { name: ActivationsRunName })[] {
  const hidden = Array.from({ length: b.depth - 1 }, () => b.width);
  return [
    { name: "logistic", hidden: [], activation: "none", init: "lecunNormal" },
    // Variance-preserving inits: LeCun (1/fanIn) for the linear stack, He (2/fanIn) where ReLU halves it.
    { name: "linear-deep", hidden, activation: "none", init: "lecunNormal" },
    { name: "relu-deep", hidden, activation: "relu", init: "heNormal" },
  ];
}

/** Runs the linear stack and its one collapsed matrix side by side over the test set. */
async function compareCollapsed(model: Sequential, test: SplitDataset): Promise<Pick<ActivationsReport, "collapsedMatrixError" | "collapsed">> {
  const map = await collapseDenseStack(model.layers);
  let maxError = 0;
  let maxAbsLogit = 0;
  let right = 0;
  let agree = 0;
  for (const { x, y, size } of test.batches(1000)) {
    const stack = await model.forward(x, false).data();
    const single = applyAffine(map, await x.data(), size);
    const labels = await y.data();
    for (let i = 0; i < size; i++) {
      let [bestStack, bestSingle] = [0, 0];
      for (let j = 0; j < map.outputs; j++) {
        const k = i * map.outputs + j;
        maxError = Math.max(maxError, Math.abs(stack[k] - single[k]));
        maxAbsLogit = Math.max(maxAbsLogit, Math.abs(stack[k]));
        if (stack[k] > stack[i * map.outputs + bestStack]) bestStack = j;
        if (single[k] > single[i * map.outputs + bestSingle]) bestSingle = j;
      }
      if (bestSingle === labels[i]) right++;
      if (bestSingle === bestStack) agree++;
    }
  }
  return { collapsedMatrixError: maxError, collapsed: { testAccuracy: right / test.size, agreement: agree / test.size, maxAbsLogit, shape: [map.inputs, map.outputs] } };
}

/**
 * Without a non-linearity, depth buys nothing: logistic regression, a deep Dense stack with no
 * activation, and the same stack with ReLU, trained alike; then the linear stack's weight matrices
 * multiplied into one.
 *
 * @example
 * const { report } = await playLesson(activations, ctx);
 */
export const activations: Lesson<ActivationsReport, ActivationsBudget> = {
  name: "activations",
  title: "Without a non-linearity, depth buys nothing",
  explanation:
    "A Dense layer computes x·W + b. Stack ten of them with nothing in between and the result is still x·(W1·W2·…·W10) + b': "
    + "one matrix, so the deep stack can only learn what logistic regression (a single 784×10 matrix) learns. "
    + "This lesson trains logistic regression, a 10-layer Dense stack without activations and the same stack with ReLU after every hidden layer, "
    + "on real MNIST with the same optimizer (Adam) and the same number of steps, then multiplies the trained linear stack's ten weight matrices "
    + "(folding the biases in) into one matrix and checks that it gives the same outputs.",
  budget: { trainSize: 60000, testSize: 10000, steps: 4690, batchSize: 64, lr: 1e-3, depth: 10, width: 128, curveEvery: 50 },

  async run(ctx, b) {
    const { train, test, dispose } = await flatSplits(ctx, b);
    try {
      const runs: ActivationsReport["runs"] = [];
      let compared: Pick<ActivationsReport, "collapsedMatrixError" | "collapsed"> | null = null;
      for (const spec of specs(b)) {
        setSeed(ctx.seed);
        const model = denseStack(spec);
        const optimizer = new Adam(model.parameters(), { lr: b.lr });
        try {
          const run = await trainRun({ name: spec.name, model, optimizer, schedule: cosineDecay(b.lr, { totalSteps: b.steps }), data: train, steps: b.steps, batchSize: b.batchSize, seed: ctx.seed, progress: ctx.progress, curveEvery: b.curveEvery });
          const accuracy = await testAccuracy(model, test);
          const parameters = model.parameters().reduce((n, p) => n + p.size, 0);
          runs.push({ name: spec.name, testAccuracy: accuracy, parameters, seconds: run.seconds, curve: run.curve });
          ctx.progress.done(`${spec.name}: ${pct(accuracy)} test accuracy after ${whole(run.losses.length)} steps (${whole(parameters)} parameters, ${run.seconds.toFixed(1)} s)`);
          if (spec.name === "linear-deep") compared = await compareCollapsed(model, test);
        } finally {
          optimizer.dispose();
          model.dispose();
        }
      }
      return { runs, ...(compared as NonNullable<typeof compared>), budget: b };
    } finally {
      dispose();
    }
  },

  conclusion(r) {
    const acc = (name: ActivationsRunName) => r.runs.find((x) => x.name === name)!.testAccuracy;
    const [logistic, linear, relu] = [acc("logistic"), acc("linear-deep"), acc("relu-deep")];
    const depth = r.budget.depth;
    const [inputs, outputs] = r.collapsed.shape;
    return `The ${depth}-layer linear stack reached ${pct(linear)}, ${pointsFrom(linear, logistic)} logistic regression's ${pct(logistic)}; `
      + `with ReLU between its layers the same stack reached ${pct(relu)}, ${pointsFrom(relu, logistic)} it. `
      + `Multiplying the linear stack's ${depth} trained weight matrices (biases folded in) gives one ${inputs}×${outputs} matrix whose outputs differ from the stack's `
      + `by at most ${sci(r.collapsedMatrixError)} over the ${whole(r.budget.testSize)} test images (the logits reach ${r.collapsed.maxAbsLogit.toFixed(1)}); `
      + `it picks the stack's digit for ${pct(r.collapsed.agreement)} of them and scores ${pct(r.collapsed.testAccuracy)} on its own.`;
  },

  charts(r) {
    const names = { logistic: "logistic regression", "linear-deep": `${r.budget.depth} layers, no activation`, "relu-deep": `${r.budget.depth} layers, ReLU` };
    const error = barChart("Test error (log scale)", [...r.runs.map((x) => names[x.name]), "the one collapsed matrix"], [
      { name: "test error", color: "#3366cc", values: [...r.runs.map((x) => 1 - x.testAccuracy), 1 - r.collapsed.testAccuracy] },
    ], { logY: true, xLabel: "model", yLabel: "1 − accuracy" });
    const curves = lineChart("Training loss", `step (after step ${r.budget.curveEvery}, means of ${r.budget.curveEvery} steps)`, "cross-entropy", r.runs.map((x) => ({
      name: names[x.name], color: COLORS[x.name], points: x.curve.map((p) => [p.step, p.loss] as const),
    })), { logY: true });
    return [error, curves];
  },

  table(r) {
    return {
      head: ["model", "parameters", "test accuracy", "seconds"],
      rows: [
        ...r.runs.map((x) => [x.name, whole(x.parameters), pct(x.testAccuracy), x.seconds.toFixed(1)]),
        ["linear-deep collapsed into one matrix", whole(r.collapsed.shape[0] * r.collapsed.shape[1] + r.collapsed.shape[1]), pct(r.collapsed.testAccuracy), ""],
      ],
    };
  },
};
