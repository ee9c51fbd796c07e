import { splitDataset, type MnistData, type Normalize, type SplitDataset } from "@chainrule/data-mnist";
import type { Sequential } from "@chainrule/layers";
import { SoftmaxCrossEntropy } from "@chainrule/losses";
import type { OnnxPreprocess } from "@chainrule/onnx";
import type { Backend } from "@chainrule/tensor";
import type { TrainSettings } from "../protocol.js";
import { makeOptimizer } from "./make-optimizer.js";
import type { InputLayout } from "./models.js";

/** Held-out digits the page reports accuracy on (the first of MNIST's test set). */
export const EVAL_SIZE = 2000;
/** Held-out digits shown in the gallery (the first of the evaluation set). */
export const GALLERY_SIZE = 60;
/** Pixels scaled to [0, 1] for training and evaluation, which is what the page sends a drawn digit as. */
const NORMALIZE: Normalize = "unit";
/** {@link NORMALIZE} folded into an exported ONNX graph, so the file takes raw 0–255 pixels. */
export const ONNX_PREPROCESS: OnnxPreprocess = { scale: 1 / 255 };

/** A model, its optimizer and data, and how far training has come. */
export interface Run {
  readonly model: Sequential;
  readonly optimizer: ReturnType<typeof makeOptimizer>;
  readonly layout: InputLayout;
  readonly batchSize: number;
  readonly seed: number;
  readonly train: SplitDataset;
  readonly evalSet: SplitDataset;
  readonly gallery: SplitDataset;
  readonly trainLoss: SoftmaxCrossEntropy;
  readonly evalLoss: SoftmaxCrossEntropy;
  /** Optimizer steps taken. */
  step: number;
  /** Training samples seen, for the epoch count. */
  samples: number;
  /** The run stops (state "done") when step reaches this. */
  target: number;
  /** Step of the last evaluation, so none is repeated. */
  evaluatedAt: number;
}

/**
 * A run for `model` on `backend` with the optimizer, learning rate and batch size of `settings`.
 *
 * @example
 * const run = createRun(buildModel("mlp", 1), "flat", data, backend, settings);
 */
export function createRun(model: Sequential, layout: InputLayout, data: MnistData, backend: Backend, settings: TrainSettings): Run {
  const evalSplit = data.test.slice(0, Math.min(EVAL_SIZE, data.test.size));
  return {
    model,
    optimizer: makeOptimizer(settings.optimizer, model.parameters(), settings.learningRate),
    layout,
    batchSize: settings.batchSize,
    seed: settings.seed,
    train: splitDataset(data.train, { layout, backend, normalize: NORMALIZE }),
    evalSet: splitDataset(evalSplit, { layout, backend, normalize: NORMALIZE }),
    gallery: splitDataset(evalSplit.slice(0, Math.min(GALLERY_SIZE, evalSplit.size)), { layout, backend, normalize: NORMALIZE }),
    trainLoss: new SoftmaxCrossEntropy(),
    evalLoss: new SoftmaxCrossEntropy(),
    step: 0,
    samples: 0,
    target: settings.steps,
    evaluatedAt: -1,
  };
}

/**
 * Frees every tensor of a run: weights, optimizer state, batch and loss buffers.
 *
 * @example
 * disposeRun(run);
 */
export function disposeRun(run: Run): void {
  run.model.dispose();
  run.optimizer.dispose();
  run.train.dispose();
  run.evalSet.dispose();
  run.gallery.dispose();
  run.trainLoss.dispose();
  run.evalLoss.dispose();
}
