import { Batcher, type MnistData } from "@chainrule/data-mnist";
import { SHUFFLE_SEED, TRAIN_SPECS, type ModelName } from "../plan.js";
import type { System } from "../systems/system.js";

/** When to stop training early, and how much of the test set to score. */
export interface TrainLimits {
  /** Stop after this many batches (Infinity: the whole epoch). */
  maxBatches: number;
  /** Stop once this many seconds of training have passed (checked between steps). */
  maxSeconds: number;
  /** Score accuracy on the first this-many test images. */
  testSamples: number;
}

/** What one (possibly partial) epoch measured. */
export interface TrainMeasurement {
  epochSeconds: number;
  /**
   * CPU seconds (user + system, all threads) the process spent on the epoch, extrapolated like
   * epochSeconds. On a machine shared with other jobs, wall-clock time stretches while CPU time
   * of a single-threaded system barely does.
   */
  epochCpuSeconds: number;
  samplesPerSecond: number;
  testAccuracy: number;
  /** The epoch stopped early and epochSeconds = seconds / samplesTrained × epoch size. */
  extrapolated: boolean;
  samplesTrained: number;
  testSamples: number;
}

/**
 * Trains `model` on `system` for one shuffled epoch of MNIST (or until a limit), timing every step
 * including staging the batch, until the last step has finished on the device, then scores test
 * accuracy (not timed). `onTrained` hears the number of steps before scoring starts.
 *
 * @example
 * const m = await trainOneEpoch(sys, "mlp", mnist, { maxBatches: 20, maxSeconds: Infinity, testSamples: 1000 });
 */
export async function trainOneEpoch(
  system: System, model: ModelName, data: MnistData, limits: TrainLimits, onTrained?: (steps: number) => void,
): Promise<TrainMeasurement> {
  const spec = TRAIN_SPECS[model];
  const layout = model === "mlp" ? "flat" : "image";
  const trainer = system.createTrainer(model, spec);
  const batcher = new Batcher(data.train, spec.batchSize, { shuffle: true, seed: SHUFFLE_SEED, layout, backend: system.dataBackend });
  let samplesTrained = 0;
  let batches = 0;
  let seconds = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (const batch of batcher.epoch()) {
    if (batches >= limits.maxBatches || seconds >= limits.maxSeconds) break;
    await trainer.step(batch);
    samplesTrained += batch.size;
    batches++;
    seconds = (performance.now() - start) / 1000;
  }
  await trainer.finish();
  seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  onTrained?.(batches);
  batcher.dispose();
  if (samplesTrained === 0) throw new Error("no batch was trained: raise --max-seconds or the batch limit");

  const test = data.test.slice(0, Math.min(limits.testSamples, data.test.size));
  let correct = 0;
  for (const batch of test.batches(spec.batchSize, { layout, backend: system.dataBackend })) correct += await trainer.countCorrect(batch);

  const extrapolated = samplesTrained < data.train.size;
  const perEpoch = extrapolated ? data.train.size / samplesTrained : 1;
  return {
    epochSeconds: seconds * perEpoch,
    epochCpuSeconds: ((cpu.user + cpu.system) / 1e6) * perEpoch,
    samplesPerSecond: samplesTrained / seconds,
    testAccuracy: correct / test.size,
    extrapolated,
    samplesTrained,
    testSamples: test.size,
  };
}
