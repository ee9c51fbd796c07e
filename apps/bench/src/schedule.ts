import type { SystemName } from "./plan.js";

/** One run of a bench: a system on a workload, for the `repeat`-th time (from 0). */
export interface Run {
  workload: string;
  system: SystemName;
  repeat: number;
}

/**
 * The order of a bench's runs: workload by workload, each in `repeats` rounds that run every
 * system once (A B C A B C). The repeats of the rows a ratio compares are thus spread over the
 * same minutes, and a drift in the machine's speed falls on both sides of the ratio.
 *
 * @example
 * schedule(["mlp"], ["chainrule-js", "tfjs-cpu"], 2).map((r) => r.system); // chainrule-js, tfjs-cpu, chainrule-js, tfjs-cpu
 */
export function schedule(workloads: readonly string[], systems: readonly SystemName[], repeats: number): Run[] {
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`repeats must be a positive whole number, got ${repeats}`);
  return workloads.flatMap((workload) =>
    Array.from({ length: repeats }, (_, repeat) => systems.map((system) => ({ workload, system, repeat }))).flat(),
  );
}
