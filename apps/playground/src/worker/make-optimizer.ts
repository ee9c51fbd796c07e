import { Adam, SGD } from "@chainrule/optim";
import type { Parameter } from "@chainrule/tensor";
import type { OptimizerKind } from "../protocol.js";

/**
 * The optimizer the user picked, over `params`.
 *
 * @example
 * const opt = makeOptimizer("momentum", model.parameters(), 0.05); // SGD with momentum 0.9
 */
export function makeOptimizer(kind: OptimizerKind, params: readonly Parameter[], lr: number): SGD | Adam {
  switch (kind) {
    case "sgd":
      return new SGD(params, { lr });
    case "momentum":
      return new SGD(params, { lr, momentum: 0.9 });
    case "adam":
      return new Adam(params, { lr });
  }
}
