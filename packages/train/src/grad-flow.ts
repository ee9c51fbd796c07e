import type { Layer } from "@chainrule/layers";
import type { Backend, DataId, Parameter } from "@chainrule/tensor";
import { activationKindOf, type ActivationKind } from "./activation-kind.js";
import { leafLayers, type Model } from "./model.js";

/** A layer with weights: how big its weight gradient is, alone and next to the weights. */
export interface WeightFlow {
  kind: "weights";
  layer: string;
  /** The parameter measured (the layer's weight, e.g. "fc1.weight"). */
  parameter: string;
  /** ‖∂L/∂W‖₂. */
  gradNorm: number;
  /** ‖W‖₂. */
  weightNorm: number;
  /** ‖∂L/∂W‖ / ‖W‖: roughly the relative change one step of plain SGD makes, per unit learning rate. */
  ratio: number;
}

/** An activation layer: how many of its units pass no gradient. */
export interface ActivationFlow {
  kind: ActivationKind;
  layer: string;
  /**
   * ReLU: fraction of outputs exactly 0 (they pass no gradient). Sigmoid: fraction outside
   * (0.01, 0.99); tanh: outside (−0.99, 0.99) — where f' < 0.01, so the gradient all but stops.
   */
  fraction: number;
}

/** One sample of the gradient flow, layers in forward order. */
export interface GradFlowSample {
  /** 1-based optimizer step it was taken at. */
  step: number;
  epoch: number;
  layers: (WeightFlow | ActivationFlow)[];
}

/** Saturation bounds of each squashing activation (ReLU is measured by its exact zeros instead). */
const SATURATION: Record<Exclude<ActivationKind, "relu">, [number, number]> = {
  sigmoid: [0.01, 0.99],
  tanh: [-0.99, 0.99],
};

type Probe =
  | { kind: "weights"; layer: string; param: Parameter; paramIndex: number; slot: number }
  | { kind: ActivationKind; layer: Layer; slot: number };

/**
 * Measures the gradient flow of a model: per layer, the weight-gradient norm and its ratio to the
 * weight norm, the fraction of dead ReLU units and of saturated sigmoid / tanh units. All numbers
 * land in slots of the one stats buffer fit reads per step, so sampling costs no extra read.
 *
 * @example
 * await fit(model, { ..., gradFlow: { every: 50 } }); // history.gradFlow holds the samples
 */
export class GradFlowMonitor {
  /** Stats slots this monitor uses. */
  readonly slots: number;
  private readonly probes: Probe[] = [];

  /** `params` is the model's parameter list, whose gradient slots fit fills every step. */
  constructor(model: Model, params: readonly Parameter[]) {
    const leaves = leafLayers(model);
    if (!leaves) throw new Error("gradient-flow monitor: the model lists no `layers`; use a Sequential so each layer can be measured");
    const indexOf = new Map(params.map((p, i) => [p, i]));
    let slot = 0;
    for (const layer of leaves) {
      const own = layer.parameters();
      const weight = own.find((p) => p.name.endsWith(".weight") || p.name.endsWith(".kernel")) ?? own[0];
      if (weight) {
        const paramIndex = indexOf.get(weight);
        if (paramIndex === undefined) throw new Error(`gradient-flow monitor: '${weight.name}' is not among the parameters being trained`);
        this.probes.push({ kind: "weights", layer: layer.name, param: weight, paramIndex, slot: slot++ });
      }
      const kind = activationKindOf(layer);
      if (kind) this.probes.push({ kind, layer, slot: slot++ });
    }
    this.slots = slot;
  }

  /** Writes weight norms and activation fractions (of each layer's last output) into stats[base + slot]. */
  record(backend: Backend, stats: DataId, base: number): void {
    for (const p of this.probes) {
      if (p.kind === "weights") {
        backend.sumSquares(p.param.value.dataId, p.param.size, stats, base + p.slot);
        continue;
      }
      const y = p.layer.output;
      if (!y) throw new Error(`gradient-flow monitor: layer '${p.layer.name}' keeps no output to measure`);
      if (p.kind === "relu") backend.fractionZeros(y.dataId, y.size, stats, base + p.slot);
      else backend.fractionOutside(y.dataId, y.size, SATURATION[p.kind][0], SATURATION[p.kind][1], stats, base + p.slot);
    }
  }

  /** Turns the read-back stats into a sample; gradSq(i) is Σ g² of parameter i. */
  read(values: ArrayLike<number>, base: number, gradSq: (paramIndex: number) => number, step: number, epoch: number): GradFlowSample {
    const layers = this.probes.map((p): WeightFlow | ActivationFlow => {
      if (p.kind !== "weights") return { kind: p.kind, layer: p.layer.name, fraction: values[base + p.slot] };
      const gradNorm = Math.sqrt(gradSq(p.paramIndex));
      const weightNorm = Math.sqrt(values[base + p.slot]);
      return { kind: "weights", layer: p.layer, parameter: p.param.name, gradNorm, weightNorm, ratio: weightNorm > 0 ? gradNorm / weightNorm : Infinity };
    });
    return { step, epoch, layers };
  }
}
