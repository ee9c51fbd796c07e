/**
 * The training loop: `fit`, `evaluate`, `predict`, metrics, callbacks and the gradient-flow monitor.
 * It imports no backend and no dataset package, so it runs in Node and browsers alike.
 *
 * @module @chainrule/train
 */
export type { ActivationKind } from "./activation-kind.js";
export { activationKindOf } from "./activation-kind.js";
export type { BatchLog, Callback, EpochLog, Monitor, TrainContext } from "./callback.js";
export { checkpointBest, type CheckpointOptions } from "./checkpoint.js";
export { arrayDataset, epochOrder, type ArrayDatasetSource, type Batch, type BatchOptions, type Dataset } from "./dataset.js";
export { earlyStopping, type EarlyStoppingOptions } from "./early-stopping.js";
export { evaluate, type EvaluateOptions, type Evaluation } from "./evaluate.js";
// One implementation of each, in layers (Sequential.predict calls it too); exported here as before.
export { NonFiniteInputError, predict } from "@chainrule/layers";
export { fit, type FitOptions, type History } from "./fit.js";
export { Trainer, type EpochStats, type StepLog, type TrainerOptions } from "./trainer.js";
export { hostYielder } from "./host-yield.js";
export { GradFlowMonitor, type ActivationFlow, type GradFlowSample, type WeightFlow } from "./grad-flow.js";
export { accuracyOf, addToConfusion, confusionMatrix, perClassAccuracy, type ConfusionMatrix } from "./metrics.js";
export { leafLayers, type Model } from "./model.js";
export { NonFiniteError, type NonFiniteDetails } from "./non-finite-error.js";
