import type { Evaluation, GradFlowSample, History } from "@chainrule/train";
import type { ModelName, TrainArgs } from "./args.js";
import type { Recipe } from "./recipe.js";

/** One epoch of a run as the report shows it. */
export interface EpochReport {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number | null;
  testLoss: number | null;
  testAccuracy: number | null;
  lr: number;
  seconds: number;
  samplesPerSecond: number;
}

/** The JSON a run writes with `--report`. */
export interface RunReport {
  model: string;
  dataset: string;
  backend: string;
  threads: number;
  seed: number;
  recipe: Recipe;
  parameters: number;
  testAccuracy: number;
  testLoss: number;
  perClassAccuracy: number[];
  /** confusion[true][predicted] = count. */
  confusion: number[][];
  epochs: EpochReport[];
  /** Optimizer steps in one epoch (turns curve steps into fractional epochs). */
  stepsPerEpoch: number;
  /** Training loss and accuracy averaged over each stretch of steps, for curves finer than epochs. */
  curve: { step: number; loss: number; accuracy: number | null }[];
  /** Wall-clock seconds of training and per-epoch evaluation. */
  seconds: number;
  /** Training samples per second over all epochs (evaluation excluded). */
  samplesPerSecond: number;
  stopReason: string | null;
  gradFlow?: GradFlowSample[];
  command: string;
  node: string;
  date: string;
}

/** What a run knows when it ends, gathered into a {@link RunReport}. */
export interface RunResult {
  args: TrainArgs;
  /** The architecture trained (`--model`, or the one saved in `--load`). */
  model: ModelName;
  backend: string;
  /** Threads the backend really ran on. */
  threads: number;
  recipe: Recipe;
  parameters: number;
  history: History;
  test: Evaluation;
  curve: RunReport["curve"];
  stepsPerEpoch: number;
  seconds: number;
  command: string;
}

/**
 * The report of a finished run.
 *
 * @example
 * await writeFileAtomic(path, JSON.stringify(buildReport(result), null, 2));
 */
export function buildReport(r: RunResult): RunReport {
  const { history, test } = r;
  if (test.accuracy === null || test.perClassAccuracy === null || test.confusion === null) {
    throw new Error("buildReport: the test evaluation has no accuracy; the model must output class scores");
  }
  const trainSamples = history.epochs.reduce((n, e) => n + e.samples, 0);
  const trainSeconds = history.epochs.reduce((n, e) => n + e.trainSeconds, 0);
  const k = test.confusion.numClasses;
  const counts = test.confusion.counts;
  return {
    model: r.model,
    dataset: r.args.dataset,
    backend: r.backend,
    threads: r.threads,
    seed: r.args.seed,
    recipe: r.recipe,
    parameters: r.parameters,
    testAccuracy: test.accuracy,
    testLoss: test.loss,
    perClassAccuracy: test.perClassAccuracy,
    confusion: Array.from({ length: k }, (_, t) => Array.from(counts.subarray(t * k, (t + 1) * k))),
    epochs: history.epochs.map((e) => ({
      epoch: e.epoch + 1,
      trainLoss: e.loss,
      trainAccuracy: e.accuracy,
      testLoss: e.valLoss,
      testAccuracy: e.valAccuracy,
      lr: e.lr,
      seconds: e.seconds,
      samplesPerSecond: e.samplesPerSecond,
    })),
    stepsPerEpoch: r.stepsPerEpoch,
    curve: r.curve,
    seconds: r.seconds,
    samplesPerSecond: trainSeconds > 0 ? trainSamples / trainSeconds : 0,
    stopReason: history.stopReason,
    ...(r.args.gradFlow ? { gradFlow: history.gradFlow } : {}),
    command: r.command,
    node: process.version,
    date: new Date().toISOString(),
  };
}

