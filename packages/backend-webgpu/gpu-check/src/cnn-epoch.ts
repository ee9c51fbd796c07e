// The bench's CNN epoch (apps/bench: conv 8@5×5, pool, conv 16@5×5, pool, dense 10; Adam, batch 64),
// measured by the bench's own code, so the GPU check's number is the one the bench reports.
import type { MnistData } from "@chainrule/data-mnist";
import type { Backend } from "@chainrule/tensor";
import { trainOneEpoch, type TrainLimits, type TrainMeasurement } from "../../../../apps/bench/src/measure/train-epoch.js";
import { chainruleSystem } from "../../../../apps/bench/src/systems/chainrule-model.js";

/**
 * One epoch of the bench's CNN on `backend` (or `limits.maxBatches` of it, extrapolated), timed
 * until its last step has finished on the GPU, then its test accuracy.
 *
 * @example
 * const epoch = await cnnEpoch(backend, await loadMnist({ dir }), { maxBatches: Infinity, maxSeconds: Infinity, testSamples: 10000 });
 */
export function cnnEpoch(backend: Backend, data: MnistData, limits: TrainLimits): Promise<TrainMeasurement> {
  return trainOneEpoch(chainruleSystem("chainrule-webgpu", backend), "cnn", data, limits);
}
