import { Adam, AdamW, cosineDecay, oneCycle, RMSProp, SGD, type LrSchedule, type Optimizer } from "@chainrule/optim";
import type { Parameter } from "@chainrule/tensor";
import type { Recipe } from "./recipe.js";

/**
 * The optimizer a recipe names; "momentum" is SGD with Nesterov momentum 0.9.
 *
 * @example
 * const opt = makeOptimizer(recipe, model.parameters());
 */
export function makeOptimizer(r: Recipe, params: readonly Parameter[]): Optimizer {
  switch (r.optimizer) {
    case "sgd":
      return new SGD(params, { lr: r.lr });
    case "momentum":
      return new SGD(params, { lr: r.lr, momentum: 0.9, nesterov: true });
    case "adam":
      return new Adam(params, { lr: r.lr });
    case "adamw":
      return new AdamW(params, { lr: r.lr, weightDecay: 1e-4 });
    case "rmsprop":
      return new RMSProp(params, { lr: r.lr });
  }
}

/**
 * The learning rate per step over a run of `totalSteps`: constant; cosine down to 0; step (×0.1 at
 * 50% and again at 75% of the run); or one-cycle (warm up for 20% to the peak, then cosine down).
 *
 * @example
 * const schedule = makeSchedule(recipe, recipe.epochs * stepsPerEpoch);
 */
export function makeSchedule(r: Recipe, totalSteps: number): LrSchedule {
  switch (r.schedule) {
    case "constant":
      return () => r.lr;
    case "cosine":
      return cosineDecay(r.lr, { totalSteps });
    case "step":
      return (s) => r.lr * (s < 0.5 * totalSteps ? 1 : s < 0.75 * totalSteps ? 0.1 : 0.01);
    case "onecycle":
      // One-cycle needs a step to rise and one to fall; a run that short just keeps the peak.
      return totalSteps >= 10 ? oneCycle(r.lr, { totalSteps, pctStart: 0.2 }) : () => r.lr;
  }
}
