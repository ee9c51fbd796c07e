import { SoftmaxCrossEntropy } from "@chainrule/losses";
import type { LrSchedule, Optimizer } from "@chainrule/optim";
import { fit, NonFiniteError, type BatchLog, type Callback, type Dataset, type GradFlowSample, type Model, type TrainContext } from "@chainrule/train";
import type { Progress } from "./progress.js";

/** What {@link trainRun} trains, for how long, and what it records. */
export interface TrainRunOptions {
  /** Names the run on the progress line. */
  name: string;
  model: Model;
  optimizer: Optimizer;
  /** Learning rate of each 0-based step (default: the optimizer's, constant). */
  schedule?: LrSchedule;
  data: Dataset;
  steps: number;
  batchSize: number;
  /** Seed of the shuffling order. */
  seed: number;
  progress: Progress;
  /**
   * A point of the loss curve is the mean loss over each stretch of this many steps; the first
   * stretch, where the loss moves fastest (or blows up), gets a point per step.
   */
  curveEvery: number;
  /** Sample the gradient flow at step 1 and every this many steps. */
  gradFlowEvery?: number;
  /** Called after every step with its 1-based number; true stops training there. */
  afterStep?: (step: number) => boolean | Promise<boolean>;
}

/** One point of a loss curve. */
export interface LossPoint {
  step: number;
  loss: number;
}

/** What {@link trainRun} saw. */
export interface TrainRun {
  /** The loss of each of the first `curveEvery` steps, then the mean of each stretch of `curveEvery` steps (the last may be shorter), at its last step. */
  curve: LossPoint[];
  /** The loss of every step taken, step 1 first (computed before that step's update). */
  losses: number[];
  /** Set when the NaN guard stopped training: the step that went non-finite and its loss. */
  diverged: { step: number; loss: number } | null;
  gradFlow: GradFlowSample[];
  seconds: number;
}

/**
 * Trains a classifier with softmax cross-entropy for `steps` steps (fewer when `afterStep` stops
 * it, or when the loss or a gradient turns non-finite: then `diverged` says where), showing the
 * run on the progress line.
 *
 * @example
 * const run = await trainRun({ name: "relu", model, optimizer: new Adam(model.parameters()), data, steps: 500, batchSize: 64, seed: 1, progress, curveEvery: 25 });
 */
export async function trainRun(o: TrainRunOptions): Promise<TrainRun> {
  const started = performance.now();
  const run: TrainRun = { curve: [], losses: [], diverged: null, gradFlow: [], seconds: 0 };
  let stretch: number[] = [];
  const closeStretch = (step: number) => {
    if (stretch.length) run.curve.push({ step, loss: stretch.reduce((a, b) => a + b, 0) / stretch.length });
    stretch = [];
  };
  const recorder: Callback = {
    onGradFlow: (sample: GradFlowSample) => void run.gradFlow.push(sample),
    async onBatchEnd(log: BatchLog, ctx: TrainContext) {
      run.losses.push(log.loss);
      stretch.push(log.loss);
      o.progress.update(o.name, log.step, o.steps, `loss ${log.loss.toFixed(4)}`);
      if (log.step < o.curveEvery || log.step % o.curveEvery === 0) closeStretch(log.step);
      if (await o.afterStep?.(log.step)) ctx.stop(`step ${log.step}`);
    },
  };
  const stepsPerEpoch = Math.ceil(o.data.size / o.batchSize);
  const loss = new SoftmaxCrossEntropy();
  try {
    await fit(o.model, {
      loss,
      optimizer: o.optimizer,
      data: o.data,
      epochs: Math.ceil(o.steps / stepsPerEpoch),
      steps: o.steps,
      batchSize: o.batchSize,
      seed: o.seed,
      callbacks: [recorder],
      ...(o.schedule ? { schedule: o.schedule } : {}),
      ...(o.gradFlowEvery ? { gradFlow: { every: o.gradFlowEvery } } : {}),
    });
  } catch (e) {
    if (!(e instanceof NonFiniteError)) throw e;
    run.diverged = { step: e.details.step, loss: e.details.loss };
  } finally {
    loss.dispose();
  }
  closeStretch(run.losses.length);
  run.seconds = (performance.now() - started) / 1000;
  return run;
}
