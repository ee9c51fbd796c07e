import { splitDataset, type MnistData, type Normalize, type SplitDataset } from "@chainrule/data-mnist";
import type { Sequential } from "@chainrule/layers";
import { SoftmaxCrossEntropy } from "@chainrule/losses";
import type { OnnxPreprocess } from "@chainrule/onnx";
import type { Backend } from "@chainrule/tensor";
import { Trainer } from "@chainrule/train";
import type { TrainSettings } from "../protocol.js";
import { makeOptimizer } from "./make-optimizer.js";
import type { InputLayout } from "./models.js";

/** Held-out digits the page reports accuracy on (the first of MNIST's test set). */
export const EVAL_SIZE = 2000;
/** Held-out digits shown in the gallery (the first of the evaluation set). */
export const GALLERY_SIZE = 60;
/** Steps between gradient-flow samples. */
export const FLOW_EVERY = 10;
/** Pixels scaled to [0, 1] for training and evaluation, which is what the page sends a drawn digit as. */
const NORMALIZE: Normalize = "unit";
/** {@link NORMALIZE} folded into an exported ONNX graph, so the file takes raw 0–255 pixels. */
export const ONNX_PREPROCESS: OnnxPreprocess = { scale: 1 / 255 };

/** A model, its optimizer, data and trainer, and how far training has come. */
export interface Run {
  readonly model: Sequential;
  readonly optimizer: ReturnType<typeof makeOptimizer>;
  readonly layout: InputLayout;
  readonly train: SplitDataset;
  /** Trains one step at a time and keeps its place in the data, so a paused run goes on unchanged. */
  readonly trainer: Trainer;
  readonly evalSet: SplitDataset;
  readonly gallery: SplitDataset;
  readonly trainLoss: SoftmaxCrossEntropy;
  readonly evalLoss: SoftmaxCrossEntropy;
  /** Steps completed (the trainer's own count also includes a step that threw). */
  step: number;
  /** Training samples seen, for the epoch count. */
  samples: number;
  /** The run stops (state "done") when step reaches this. */
  target: number;
  /** Step of the last evaluation, so none is repeated. */
  evaluatedAt: number;
}

/**
 * A run for `model` on `backend` with the optimizer, learning rate, batch size and shuffling seed
 * of `settings`, sampling the gradient flow every {@link FLOW_EVERY} steps.
 *
 * @example
 * const run = createRun(buildModel("mlp", 1), "flat", data, backend, settings);
 */
export function createRun(model: Sequential, layout: InputLayout, data: MnistData, backend: Backend, settings: TrainSettings): Run {
  const evalSplit = data.test.slice(0, Math.min(EVAL_SIZE, data.test.size));
  const optimizer = makeOptimizer(settings.optimizer, model.parameters(), settings.learningRate);
  const train = splitDataset(data.train, { layout, backend, normalize: NORMALIZE });
  const trainLoss = new SoftmaxCrossEntropy();
  // Evaluation uses its own datasets: the trainer draws the next training batch a step ahead.
  return {
    model,
    optimizer,
    layout,
    train,
    trainer: new Trainer(model, {
      loss: trainLoss, optimizer, data: train, batchSize: settings.batchSize, seed: settings.seed, gradFlow: { every: FLOW_EVERY },
    }),
    evalSet: splitDataset(evalSplit, { layout, backend, normalize: NORMALIZE }),
    gallery: splitDataset(evalSplit.slice(0, Math.min(GALLERY_SIZE, evalSplit.size)), { layout, backend, normalize: NORMALIZE }),
    trainLoss,
    evalLoss: new SoftmaxCrossEntropy(),
    step: 0,
    samples: 0,
    target: settings.steps,
    evaluatedAt: -1,
  };
}

/**
 * Frees every tensor of a run: weights, optimizer state, batch, loss and training-stats buffers.
 *
 * @example
 * disposeRun(run);
 */
export function disposeRun(run: Run): void {
  run.trainer.dispose();
  run.model.dispose();
  run.optimizer.dispose();
  run.train.dispose();
  run.evalSet.dispose();
  run.gallery.dispose();
  run.trainLoss.dispose();
  run.evalLoss.dispose();
}
