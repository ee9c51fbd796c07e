// Softmax cross-entropy of logits x [rows, cols] against q = (1 − ε)·t + ε/C:
//   loss = −(1/rows) Σ_r Σ_c q_rc · logSoftmax(x)_rc
//   dlogits = (softmax(x)·Σ_c q_c − q) / rows      (Σ_c q_c = 1 for a proper distribution)
// Sparse targets: t is the one-hot row of label ℓ, t_c = 1 − |sign(ℓ − c)|, from labels [rows, 1]
// broadcast against 0..C−1 [1, C]. A label that is not an integer in [0, C) gives a row of zeros, a
// NaN label a row of NaN; each row times s/s, with s its sum (1, 0 or NaN), is then itself for a
// valid label and all NaN otherwise, so the loss turns NaN and only that row of dlogits is NaN, as in
// the JS backend (the host finds the row when it sees the NaN loss).
import type { DataId, SoftmaxCrossEntropyParams } from "../backend.js";
import type { PrimitiveBackend } from "./primitives.js";
import { withScratch } from "./scratch.js";
import { logSoftmax } from "./softmax.js";

/** out [rows, cols] = one-hot rows of the labels, all NaN where a label is not an integer in [0, cols). */
function oneHotOrNaN(p: PrimitiveBackend, labels: DataId, out: DataId, rows: number, cols: number): void {
  const n = rows * cols;
  withScratch(p, [cols, rows, rows], ([classes, sum, valid]) => {
    p.write(classes, Array.from({ length: cols }, (_, c) => c));
    p.binary("sub", labels, [rows, 1], classes, [1, cols], out, [rows, cols]);
    p.unary("abs", out, out, n);
    p.unary("sign", out, out, n);
    p.binaryScalar("sub", out, 1, out, n, true);
    p.reduce("sum", out, [rows, cols], [1], sum);
    p.binary("div", sum, [rows], sum, [rows], valid, [rows]);
    p.binary("mul", out, [rows, cols], valid, [rows, 1], out, [rows, cols]);
  });
}

/** Composite of `Backend.softmaxCrossEntropy`. */
export function softmaxCrossEntropy(
  p: PrimitiveBackend, logits: DataId, targets: DataId, loss: DataId, dlogits: DataId | null, params: SoftmaxCrossEntropyParams,
): void {
  const { rows, cols, sparse, smoothing } = params;
  // the mean over no rows is 0, as in the JS backend
  if (rows === 0) {
    p.fill(loss, 0, 1);
    return;
  }
  const n = rows * cols;
  withScratch(p, [n, n, rows], ([logp, q, qSum]) => {
    logSoftmax(p, logits, logp, rows, cols);
    if (sparse) oneHotOrNaN(p, targets, q, rows, cols);
    else p.copy(targets, q, n);
    if (smoothing !== 0) {
      p.binaryScalar("mul", q, 1 - smoothing, q, n);
      p.binaryScalar("add", q, smoothing / cols, q, n);
    }
    if (dlogits) {
      p.reduce("sum", q, [rows, cols], [1], qSum);
      p.unary("exp", logp, dlogits, n);
      p.binary("mul", dlogits, [rows, cols], qSum, [rows, 1], dlogits, [rows, cols]);
      p.binary("sub", dlogits, [n], q, [n], dlogits, [n]);
      p.binaryScalar("div", dlogits, rows, dlogits, n);
    }
    // q·logp into logp, its last use, then −Σ / rows
    p.binary("mul", q, [n], logp, [n], logp, [n]);
    p.reduce("sum", logp, [n], [0], loss);
    p.binaryScalar("div", loss, -rows, loss, 1);
  });
}
