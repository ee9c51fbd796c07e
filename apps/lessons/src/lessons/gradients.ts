import { barChart, heatMap } from "@chainrule/charts";
import { fans, type Initializer } from "@chainrule/layers";
import { SGD } from "@chainrule/optim";
import { setSeed } from "@chainrule/tensor";
import type { GradFlowSample, WeightFlow } from "@chainrule/train";
import { denseStack, type DenseStackOptions } from "../dense-stack.js";
import { factor, listing, sci, whole } from "../format.js";
import type { Lesson } from "../lesson.js";
import { flatSplits } from "../mnist-splits.js";
import { trainRun } from "../train-run.js";

/** Network, training and sampling of the gradients lesson. */
export interface GradientsBudget {
  /** Units of each hidden layer. */
  hidden: number[];
  steps: number;
  /** The gradient flow is sampled at step 1 and every this many steps. */
  every: number;
  batchSize: number;
  lr: number;
  momentum: number;
  trainSize: number;
  /** The exploding tanh network's weights are drawn from N(0, (gain/√fanIn)²); LeCun's gain, which suits tanh, is 1. */
  explodingGain: number;
}

export type GradientsRunName = "sigmoid" | "relu-he" | "exploding";

/** One network's gradient flow. */
export interface GradientsRun {
  name: GradientsRunName;
  /** ‖∂L/∂W‖ of each layer with weights, first to last, at step 1. */
  gradNorms: number[];
  /** The same at every sample. */
  samples: { step: number; gradNorms: number[] }[];
  /** The step the NaN guard stopped the run, or null. */
  divergedAt: number | null;
}

/** The gradients lesson's numbers. */
export interface GradientsReport {
  /** The layers with weights, first to last. */
  layers: string[];
  runs: GradientsRun[];
  budget: GradientsBudget;
}

const COLORS: Record<GradientsRunName, string> = { sigmoid: "#3366cc", "relu-he": "#109618", exploding: "#dc3912" };

/** N(0, (gain/√fanIn)²): gain 1 is LeCun's, √2 He's. */
function scaledNormal(gain: number): Initializer {
  return {
    name: `normal(gain ${gain})`,
    values(shape, rng) {
      const std = gain / Math.sqrt(fans(shape).fanIn);
      return Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal(0, std));
    },
  };
}

function specs(b: GradientsBudget): (Omit<DenseStackOptions, "hidden"> & { name: GradientsRunName })[] {
  return [
    // Glorot keeps a sigmoid network's signal at its best scale; the gradient still shrinks by σ' ≤ 1/4 a layer.
    { name: "sigmoid", activation: "sigmoid", init: "glorotNormal" },
    { name: "relu-he", activation: "relu", init: "heNormal" },
    // tanh' ≤ 1 can no longer shrink a gradient that each Wᵀ multiplies by about the gain.
    { name: "exploding", activation: "tanh", init: scaledNormal(b.explodingGain) },
  ];
}

function weightNorms(s: GradFlowSample): number[] {
  return s.layers.filter((l): l is WeightFlow => l.kind === "weights").map((l) => l.gradNorm);
}

/** first / last of a list of norms. */
function ratio(norms: readonly number[]): number {
  return norms[0] / norms[norms.length - 1];
}

function describeRatio(r: number): string {
  return r >= 1 ? `${factor(r)} times the last layer's` : `${factor(1 / r)} times smaller than the last layer's`;
}

/**
 * Per-layer gradient norms over training for a deep sigmoid network, the same with ReLU and He
 * initialisation, and one with large initial weights.
 *
 * @example
 * const { report } = await playLesson(gradients, ctx);
 */
export const gradients: Lesson<GradientsReport, GradientsBudget> = {
  name: "gradients",
  title: "Gradients vanish, flow or explode through the layers",
  explanation:
    "Backprop multiplies the gradient by each layer's Jacobian on its way to the input: by Wᵀ and by the activation's derivative. "
    + "A sigmoid's derivative is at most 1/4, so in a deep sigmoid network the gradient shrinks layer after layer and the first layers "
    + "hardly learn. ReLU passes the gradient of its active units unchanged, and He initialisation (weights of variance 2/fanIn) keeps "
    + "its size from layer to layer. Weights drawn too large multiply it up instead: the gradient explodes toward the input, and the "
    + "huge steps that follow can throw tanh units into saturation, where it vanishes again. "
    + "This lesson trains three deep networks of the same shape with SGD and momentum (sigmoid with Glorot initialisation, ReLU with He "
    + "initialisation, tanh with weights 8 times the LeCun scale that suits it) and records the norm of every layer's weight gradient as they train.",
  budget: { hidden: Array.from({ length: 8 }, () => 64), steps: 1000, every: 25, batchSize: 64, lr: 0.01, momentum: 0.9, trainSize: 60000, explodingGain: 8 },

  async run(ctx, b) {
    const { train, dispose } = await flatSplits(ctx, { trainSize: b.trainSize, testSize: 0 });
    try {
      const runs: GradientsRun[] = [];
      let layers: string[] = [];
      for (const spec of specs(b)) {
        setSeed(ctx.seed);
        const model = denseStack({ ...spec, hidden: b.hidden });
        const optimizer = new SGD(model.parameters(), { lr: b.lr, momentum: b.momentum });
        try {
          const run = await trainRun({ name: spec.name, model, optimizer, data: train, steps: b.steps, batchSize: b.batchSize, seed: ctx.seed, progress: ctx.progress, curveEvery: b.every, gradFlowEvery: b.every });
          layers = run.gradFlow[0].layers.filter((l) => l.kind === "weights").map((l) => l.layer);
          const samples = run.gradFlow.map((s) => ({ step: s.step, gradNorms: weightNorms(s) }));
          runs.push({ name: spec.name, gradNorms: samples[0].gradNorms, samples, divergedAt: run.diverged?.step ?? null });
          const end = run.diverged ? `diverged at step ${run.diverged.step}` : `loss ${run.losses[run.losses.length - 1].toFixed(3)} at step ${run.losses.length}`;
          ctx.progress.done(`${spec.name}: at step 1 the first layer's gradient is ${describeRatio(ratio(samples[0].gradNorms))}; ${end} (${run.seconds.toFixed(1)} s)`);
        } finally {
          optimizer.dispose();
          model.dispose();
        }
      }
      return { layers, runs, budget: b };
    } finally {
      dispose();
    }
  },

  conclusion(r) {
    const run = (name: GradientsRunName) => r.runs.find((x) => x.name === name) as GradientsRun;
    const [sig, relu, big] = [run("sigmoid"), run("relu-he"), run("exploding")];
    const at = (x: GradientsRun) => `${sci(x.gradNorms[0])} against ${sci(x.gradNorms[x.gradNorms.length - 1])}`;
    const later = (x: GradientsRun) => {
      const last = x.samples[x.samples.length - 1];
      return last.step > 1 ? `; at step ${whole(last.step)} it is ${describeRatio(ratio(last.gradNorms))}` : "";
    };
    const diverged = r.runs.filter((x) => x.divergedAt !== null);
    return `At step 1 the sigmoid network's first layer gets a gradient ${describeRatio(ratio(sig.gradNorms))} (${at(sig)})${later(sig)}. `
      + `With ReLU and He initialisation the first layer's gradient is ${describeRatio(ratio(relu.gradNorms))} (${at(relu)})${later(relu)}. `
      + `With tanh and weights ${r.budget.explodingGain} times the LeCun scale, the first layer's gradient is ${describeRatio(ratio(big.gradNorms))} (${at(big)})${later(big)}. `
      + (diverged.length ? `${listing(diverged.map((x) => `${x.name} diverged at step ${whole(x.divergedAt as number)}`))} (NaN guard).` : "No run diverged.");
  },

  charts(r) {
    const step1 = barChart("‖∂L/∂W‖ per layer at step 1 (log scale)", r.layers, r.runs.map((x) => ({ name: x.name, color: COLORS[x.name], values: x.gradNorms })), { logY: true, yLabel: "gradient norm" });
    const all = r.runs.flatMap((x) => x.samples.flatMap((s) => s.gradNorms)).filter((v) => v > 0 && Number.isFinite(v));
    const range = [Math.min(...all), Math.max(...all)] as const;
    const steps = r.runs.reduce((a, x) => (x.samples.length > a.length ? x.samples.map((s) => s.step) : a), [] as number[]);
    const maps = r.runs.map((x) => heatMap(`${x.name}: ‖∂L/∂W‖ by layer and step (log colour scale)`, r.layers, steps,
      r.layers.map((_, li) => steps.map((_, si) => x.samples[si]?.gradNorms[li] ?? null)), { log: true, range, xLabel: "step", yLabel: "layer", missingLabel: "after the run stopped" }));
    return [step1, ...maps];
  },

  table(r) {
    return {
      head: ["network", ...r.layers, "first / last"],
      rows: r.runs.map((x) => [x.name, ...x.gradNorms.map(sci), sci(ratio(x.gradNorms))]),
    };
  },
};
