import type { Parameter } from "@chainrule/tensor";
import { Adam, type AdamOptions } from "./adam.js";

/**
 * AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, which shrinks the weights instead of
 * entering the moments: p *= 1 − lr·wd, then the Adam step on the raw gradient. Weight decay
 * defaults to 0.01, as in PyTorch.
 *
 * @example
 * const opt = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.01 });
 */
export class AdamW extends Adam {
  constructor(params: readonly Parameter[], opts: AdamOptions = {}) {
    super(params, { ...opts, weightDecay: opts.weightDecay ?? 0.01 });
  }

  protected override get decoupled(): boolean {
    return true;
  }
}
