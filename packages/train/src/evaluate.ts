import type { Loss } from "@chainrule/losses";
import { checkRowsFinite } from "@chainrule/layers";
import { empty, type Tensor } from "@chainrule/tensor";
import type { Dataset } from "./dataset.js";
import { accuracyOf, addToConfusion, confusionMatrix, perClassAccuracy, type ConfusionMatrix } from "./metrics.js";
import type { Model } from "./model.js";
import { hostYielder } from "./host-yield.js";
import { isClassification } from "./step-stats.js";

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  loss: Loss;
  /** Samples per forward pass (default 256). */
  batchSize?: number;
}

/** What {@link evaluate} measured. */
export interface Evaluation {
  /** Mean loss over all samples. */
  loss: number;
  samples: number;
  /** Fraction classified right; null when the task is not classification. */
  accuracy: number | null;
  /** Recall of each class (NaN for a class with no samples); null when not classification. */
  perClassAccuracy: number[] | null;
  confusion: ConfusionMatrix | null;
}

/**
 * Runs the model in inference mode over a dataset: mean loss and, for classification with
 * class-index targets, accuracy, per-class accuracy and the confusion matrix. A batch whose loss is
 * not finite because of a bad class index or a non-finite input row throws an error naming it.
 *
 * @example
 * const { loss, accuracy } = await evaluate(model, testSet, { loss: new SoftmaxCrossEntropy() });
 */
export async function evaluate(model: Model, data: Dataset, opts: EvaluateOptions): Promise<Evaluation> {
  const batchSize = opts.batchSize ?? 256;
  let lossSum = 0;
  let samples = 0;
  let cm: ConfusionMatrix | null = null;
  let classification: boolean | null = null;
  const predIds = new Map<number, Tensor>();
  try {
    let batch = 0;
    const breathe = hostYielder();
    for (const { x, y, size } of data.batches(batchSize)) {
      const logits = model.forward(x, false);
      const lossT = opts.loss.forward(logits, y);
      const loss = (await lossT.data())[0];
      if (!Number.isFinite(loss)) {
        // Name the culprit when it is the data; a broken model's NaN loss is reported as it is.
        await opts.loss.checkTargets?.(y, `evaluate, batch ${batch}`);
        checkRowsFinite(await x.data(), x, `evaluate, batch ${batch}`);
      }
      batch++;
      lossSum += loss * size;
      samples += size;
      await breathe();
      classification ??= isClassification(logits, y);
      if (!classification) continue;
      cm ??= confusionMatrix(logits.shape[1]);
      let pred = predIds.get(size);
      if (!pred) predIds.set(size, (pred = empty([size], logits.backend)));
      logits.backend.argmax(logits.dataId, logits.shape, 1, pred.dataId);
      addToConfusion(cm, await pred.data(), await y.data(), size);
    }
  } finally {
    for (const t of predIds.values()) t.dispose();
  }
  if (samples === 0) throw new Error("evaluate: the dataset yielded no samples");
  return {
    loss: lossSum / samples,
    samples,
    accuracy: cm ? accuracyOf(cm) : null,
    perClassAccuracy: cm ? perClassAccuracy(cm) : null,
    confusion: cm,
  };
}
