/**
 * A confusion matrix: `counts[t * numClasses + p]` is how many samples of true class t were
 * predicted as p. Rows are true classes, columns predictions.
 */
export interface ConfusionMatrix {
  readonly numClasses: number;
  readonly counts: Uint32Array;
}

/**
 * An empty confusion matrix for `numClasses` classes.
 *
 * @example
 * const cm = confusionMatrix(10);
 */
export function confusionMatrix(numClasses: number): ConfusionMatrix {
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError(`confusionMatrix: numClasses must be a positive integer, got ${numClasses}`);
  return { numClasses, counts: new Uint32Array(numClasses * numClasses) };
}

/**
 * Adds predicted and true class indices (one per sample) to `cm`.
 *
 * @example
 * addToConfusion(cm, [1, 0], [1, 1]); // one right, one class-1 sample called 0
 */
export function addToConfusion(cm: ConfusionMatrix, predicted: ArrayLike<number>, truth: ArrayLike<number>, count = truth.length): void {
  const k = cm.numClasses;
  for (let i = 0; i < count; i++) {
    const t = truth[i];
    const p = predicted[i];
    if (!(t >= 0 && t < k && Number.isInteger(t))) throw new RangeError(`confusion matrix: label ${t} of sample ${i} is not a class index in [0, ${k})`);
    if (!(p >= 0 && p < k && Number.isInteger(p))) throw new RangeError(`confusion matrix: prediction ${p} of sample ${i} is not a class index in [0, ${k})`);
    cm.counts[t * k + p]++;
  }
}

/**
 * Fraction of samples on the diagonal: Σ_c counts[c, c] / Σ counts (0 when empty).
 *
 * @example
 * accuracyOf(cm); // 0.5
 */
export function accuracyOf(cm: ConfusionMatrix): number {
  let right = 0;
  let total = 0;
  for (let t = 0; t < cm.numClasses; t++) {
    for (let p = 0; p < cm.numClasses; p++) total += cm.counts[t * cm.numClasses + p];
    right += cm.counts[t * cm.numClasses + t];
  }
  return total > 0 ? right / total : 0;
}

/**
 * Recall of each class: counts[c, c] / Σ_p counts[c, p]; NaN for a class with no samples.
 *
 * @example
 * perClassAccuracy(cm); // [1, 0.5, ...]
 */
export function perClassAccuracy(cm: ConfusionMatrix): number[] {
  const k = cm.numClasses;
  const out: number[] = [];
  for (let t = 0; t < k; t++) {
    let row = 0;
    for (let p = 0; p < k; p++) row += cm.counts[t * k + p];
    out.push(row > 0 ? cm.counts[t * k + t] / row : NaN);
  }
  return out;
}
