import { Rng } from "@chainrule/tensor";
import { arrayDataset, type Dataset } from "./dataset.js";

/** A synthetic task split in two halves of `n` samples each. */
export interface BlobTask {
  train: Dataset;
  validation: Dataset;
  /** The training half's inputs and labels, for checks computed on the host. */
  x: Float32Array;
  y: Float32Array;
}

/**
 * A separable task for tests: `classes` Gaussian blobs in `dim` dimensions (centres ~N(0, 3²),
 * spread 0.5), labels 0..classes−1, split into a training and a validation half.
 */
export function blobs(n: number, opts: { classes?: number; dim?: number; seed?: number } = {}): BlobTask {
  const classes = opts.classes ?? 3;
  const dim = opts.dim ?? 2;
  const rng = new Rng(opts.seed ?? 1);
  const centres = Array.from({ length: classes }, () => Array.from({ length: dim }, () => rng.normal(0, 3)));
  const x = new Float32Array(2 * n * dim);
  const y = new Float32Array(2 * n);
  for (let i = 0; i < 2 * n; i++) {
    const c = i % classes;
    y[i] = c;
    for (let d = 0; d < dim; d++) x[i * dim + d] = centres[c][d] + rng.normal(0, 0.5);
  }
  const half = (from: number) => ({ x: x.subarray(from * dim, (from + n) * dim), y: y.subarray(from, from + n) });
  const tr = half(0);
  return {
    train: arrayDataset({ ...tr, sampleShape: [dim] }),
    validation: arrayDataset({ ...half(n), sampleShape: [dim] }),
    x: tr.x,
    y: tr.y,
  };
}
