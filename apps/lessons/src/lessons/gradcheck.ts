import { barChart } from "@chainrule/charts";
import { Dense, gradcheck, type GradcheckResult } from "@chainrule/layers";
import { JsBackend, randomNormal, Rng, tensor, withBackend, type Tensor } from "@chainrule/tensor";
import { listing, sci } from "../format.js";
import type { Lesson } from "../lesson.js";
import { TransposedGradDense } from "../transposed-grad-dense.js";

/** Sizes and tolerance of the gradcheck lesson. */
export interface GradcheckBudget {
  /** Inputs = units of the square Dense layer. */
  features: number;
  batch: number;
  /** The largest relative error that passes. */
  tolerance: number;
}

export type GradcheckName = "transposed" | "correct";

/** One layer's gradient check. */
export interface GradcheckRun extends GradcheckResult {
  name: GradcheckName;
  passed: boolean;
}

/** The gradcheck lesson's numbers. */
export interface GradcheckReport {
  checks: GradcheckRun[];
  /** ∂L/∂W[0][1] as each layer's backward computed it (same weights, input and ∂L/∂y), and ∂L/∂W[1][0] of the correct one. */
  example: { transposed01: number; correct01: number; correct10: number };
  budget: GradcheckBudget;
}

/** Both layers start from the same weights and bias. */
const SEED = 7;

function makeLayer(name: GradcheckName, features: number): Dense {
  const opts = { units: features, biasInitializer: "glorotUniform" as const, rng: new Rng(SEED), name: "fc" };
  return name === "transposed" ? new TransposedGradDense(opts) : new Dense(opts);
}

/** ∂L/∂W as the layer's backward computes it for L = Σ y·r, r fixed random weights. */
function weightGradient(name: GradcheckName, x: Tensor): Float64Array {
  const backend = new JsBackend({ dtype: "float64" });
  return withBackend(backend, () => {
    const layer = makeLayer(name, x.shape[1]);
    const y = layer.forward(tensor(x.dataSync(), x.shape), true);
    const r = new Rng(1);
    layer.backward(tensor(Float64Array.from({ length: y.size }, () => r.normal()), y.shape));
    const grad = Float64Array.from(layer.parameters()[0].grad.dataSync());
    layer.dispose();
    return grad;
  });
}

/**
 * The one-`.T` bug: a Dense layer whose backward transposes its weight gradient passes every shape
 * check, and only a gradient check (finite differences) catches it.
 *
 * @example
 * const { report } = await playLesson(gradcheckLesson, ctx);
 */
export const gradcheckLesson: Lesson<GradcheckReport, GradcheckBudget> = {
  name: "gradcheck",
  title: "The one-.T bug, caught by finite differences",
  explanation:
    "A Dense layer's weight gradient is dW = xᵀ·dy. Write dyᵀ·x instead (one .T in the wrong place) and you get its transpose. "
    + "When the layer has as many units as inputs the two have the same shape, every shape check passes, and training runs: "
    + "it just learns worse, or not at all, and nothing says why. A gradient check compares backward's gradients with finite "
    + "differences, (L(w + h) − L(w − h)) / 2h for every weight, in float64. This lesson runs gradcheck (from @chainrule/layers) "
    + "on a square Dense layer with the transposed weight gradient, then on the correct one (gradcheck always runs on the float64 JS "
    + "backend, whatever --backend says).",
  budget: { features: 4, batch: 3, tolerance: 1e-6 },

  async run(ctx, b) {
    const x = withBackend(new JsBackend({ dtype: "float64" }), () => randomNormal([b.batch, b.features], 0, 1, { rng: new Rng(SEED + 1) }));
    const checks = (["transposed", "correct"] as const).map((name): GradcheckRun => {
      const result = gradcheck(() => makeLayer(name, b.features), x);
      const passed = result.maxError <= b.tolerance;
      ctx.progress.done(`${name}: gradcheck ${passed ? "passes" : "fails"} (largest relative error ${sci(result.maxError)}, on ${result.worst})`);
      return { name, ...result, passed };
    });
    const [wrong, right] = [weightGradient("transposed", x), weightGradient("correct", x)];
    x.dispose();
    return { checks, example: { transposed01: wrong[1], correct01: right[1], correct10: right[b.features] }, budget: b };
  },

  conclusion(r) {
    const describe = (c: GradcheckRun) => {
      const errors = [["input", c.input], ...Object.entries(c.parameters)] as const;
      return `${c.passed ? "passes" : "fails"}: ${listing(errors.map(([n, e]) => `${n} ${sci(e)}`))} (largest relative error ${sci(c.maxError)} on ${c.worst}, tolerance ${sci(r.budget.tolerance)})`;
    };
    const [wrong, right] = [r.checks.find((c) => c.name === "transposed")!, r.checks.find((c) => c.name === "correct")!];
    const e = r.example;
    return `With the transposed weight gradient, gradcheck ${describe(wrong)}. `
      + `Its backward says ∂L/∂W[0][1] = ${e.transposed01.toFixed(4)}, which is the true ∂L/∂W[1][0] (${e.correct10.toFixed(4)}); the true ∂L/∂W[0][1] is ${e.correct01.toFixed(4)}. `
      + `The correct layer ${describe(right)}.`;
  },

  charts(r) {
    const names = ["input", ...Object.keys(r.checks[0].parameters)];
    const error = (c: GradcheckRun, n: string) => (n === "input" ? c.input : c.parameters[n]);
    // A perfect match has error 0, which a log axis cannot show: those bars stand at 1e-16, float64's resolution.
    const shown = (v: number) => Math.max(v, 1e-16);
    return [barChart("gradcheck: relative error per tensor (log scale)", names, [
      ...r.checks.map((c) => ({ name: `${c.name} (${c.passed ? "passes" : "fails"})`, color: c.name === "correct" ? "#109618" : "#dc3912", values: names.map((n) => shown(error(c, n))) })),
      { name: `tolerance ${sci(r.budget.tolerance)}`, color: "#999999", values: names.map(() => r.budget.tolerance) },
    ], { logY: true, xLabel: "tensor", yLabel: "max relative error" })];
  },

  table(r) {
    const names = ["input", ...Object.keys(r.checks[0].parameters)];
    return {
      head: ["layer", ...names, "verdict"],
      rows: r.checks.map((c) => [c.name, ...names.map((n) => sci(n === "input" ? c.input : c.parameters[n])), c.passed ? "passes" : "fails"]),
    };
  },
};
