import type { Batch } from "@chainrule/data-mnist";
import type { Backend } from "@chainrule/tensor";
import type { MatmulShape, ModelName, SystemName, TrainSpec } from "../plan.js";

/** A model with its loss and optimizer, ready to train on MNIST batches. */
export interface Trainer {
  /**
   * Forward, loss, backward and one Adam step on the batch (x normalised pixels, y class indices).
   * Settles when the next step may be queued: at once on a CPU, whose kernels are done when they
   * return; on a GPU once the step before has finished, so the device works while the host queues.
   */
  step(batch: Batch): Promise<void>;
  /** Settles when every step queued so far has finished. */
  finish(): Promise<void>;
  /** How many samples of the batch the model classifies correctly (inference mode). */
  countCorrect(batch: Batch): Promise<number>;
}

/** What the harness needs of a system under test. */
export interface System {
  readonly name: SystemName;
  /**
   * Where @chainrule/data-mnist stages the batches: the system's own backend for chainrule, a JS
   * backend for TF.js, which copies each batch from there. Every system thus sees the same values
   * in the same order.
   */
  readonly dataBackend: Backend;
  /** The chainrule backend that runs the model's kernels (for --profile); null for TF.js. */
  readonly computeBackend: Backend | null;
  /** Builds `model` with the hyperparameters of `spec`. */
  createTrainer(model: ModelName, spec: TrainSpec): Trainer;
  /** Prepares random inputs and returns a function computing one product, finished when it settles. */
  createMatmul(shape: MatmulShape): () => Promise<void>;
}
