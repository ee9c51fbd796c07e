import { describe } from "vitest";
import type { Harness } from "../harness.js";
import type { KernelTest } from "../kernel-test.js";
import {
  logSoftmaxReference, meanSquaredErrorReference, sigmoidCrossEntropyReference, softmaxCrossEntropyReference, softmaxReference,
} from "../reference/softmax.js";

/** [rows, cols, scale]: logits uniform in ±scale; ±1000 must stay finite. */
const SOFTMAX_CASES: [number, number, number][] = [[7, 13, 3], [5, 7, 1000], [3, 1, 2], [1, 33, 10]];

/** `rows` random probability rows of length `cols`. */
function distributions(h: Harness, rows: number, cols: number): Float64Array {
  const t = h.random(rows * cols, 0, 1);
  for (let r = 0; r < rows; r++) {
    const row = t.subarray(r * cols, (r + 1) * cols);
    const s = row.reduce((a, b) => a + b, 0);
    row.forEach((v, c) => (row[c] = v / s));
  }
  return t;
}

/** One-hot rows for the given labels. */
function oneHot(labels: Float64Array, cols: number): Float64Array {
  const t = new Float64Array(labels.length * cols);
  labels.forEach((l, r) => (t[r * cols + l] = 1));
  return t;
}

/** softmax, logSoftmax, the fused softmax cross-entropy, sigmoid cross-entropy and MSE. */
export function softmaxSuite(test: KernelTest): void {
  describe("softmax", () => {
    for (const [rows, cols, scale] of SOFTMAX_CASES) {
      test(`softmax ${rows}x${cols} logits ±${scale}`, (h) => {
        const x = h.input("x", h.random(rows * cols, -scale, scale));
        const out = h.output("out", rows * cols);
        h.backend.softmax(x.id, out.id, rows, cols);
        out.expect(softmaxReference(x.values, rows, cols));
      });
      test(`logSoftmax ${rows}x${cols} logits ±${scale}`, (h) => {
        const x = h.input("x", h.random(rows * cols, -scale, scale));
        const out = h.output("out", rows * cols);
        h.backend.logSoftmax(x.id, out.id, rows, cols);
        out.expect(logSoftmaxReference(x.values, rows, cols));
      });
    }
  });

  describe("softmaxCrossEntropy", () => {
    const cases = [
      { label: "sparse labels", sparse: true, targets: "labels", smoothing: 0, scale: 3, grad: true },
      { label: "sparse labels, smoothing 0.1", sparse: true, targets: "labels", smoothing: 0.1, scale: 3, grad: true },
      { label: "one-hot targets", sparse: false, targets: "oneHot", smoothing: 0, scale: 3, grad: true },
      { label: "soft targets, smoothing 0.1", sparse: false, targets: "soft", smoothing: 0.1, scale: 3, grad: true },
      { label: "sparse labels, logits ±1000", sparse: true, targets: "labels", smoothing: 0, scale: 1000, grad: true },
      { label: "one-hot targets, logits ±1000, smoothing 0.2", sparse: false, targets: "oneHot", smoothing: 0.2, scale: 1000, grad: true },
      { label: "dlogits null", sparse: true, targets: "labels", smoothing: 0.1, scale: 3, grad: false },
    ] as const;
    for (const c of cases) {
      test(`softmaxCrossEntropy ${c.label}`, (h) => {
        const rows = 7, cols = 13;
        const labels = h.integers(rows, cols);
        const targetValues = c.targets === "labels" ? labels : c.targets === "oneHot" ? oneHot(labels, cols) : distributions(h, rows, cols);
        const x = h.input("logits", h.random(rows * cols, -c.scale, c.scale));
        const t = h.input("targets", targetValues);
        const loss = h.output("loss", 1);
        const dx = c.grad ? h.output("dlogits", rows * cols) : null;
        h.backend.softmaxCrossEntropy(x.id, t.id, loss.id, dx?.id ?? null, { rows, cols, sparse: c.sparse, smoothing: c.smoothing });
        const ref = softmaxCrossEntropyReference(x.values, t.values, rows, cols, c.sparse, c.smoothing);
        loss.expect([ref.loss]);
        dx?.expect(ref.dlogits);
      });
    }
  });

  describe("softmaxCrossEntropy with invalid class indices", () => {
    // A label that is not an integer in [0, cols) must never count as a class: the loss turns NaN
    // (the host then names the row) and only that row's gradient is NaN.
    for (const [what, bad] of [["fractional", 1.5], ["negative", -1], ["equal to cols", 13], ["NaN", NaN], ["huge", 2 ** 40]] as const) {
      test(`softmaxCrossEntropy sparse label ${what}`, (h) => {
        const rows = 7, cols = 13;
        const labels = h.integers(rows, cols);
        labels[3] = bad;
        const x = h.input("logits", h.random(rows * cols, -3, 3));
        const t = h.input("targets", labels);
        const loss = h.output("loss", 1);
        const dx = h.output("dlogits", rows * cols);
        h.backend.softmaxCrossEntropy(x.id, t.id, loss.id, dx.id, { rows, cols, sparse: true, smoothing: 0.1 });
        const ref = softmaxCrossEntropyReference(x.values, t.values, rows, cols, true, 0.1);
        loss.expect([ref.loss]);
        dx.expect(ref.dlogits);
      });
    }
  });

  describe("sigmoidCrossEntropy and meanSquaredError", () => {
    for (const grad of [true, false]) {
      const suffix = grad ? "" : ", gradient null";
      test(`sigmoidCrossEntropy${suffix}`, (h) => {
        const logits = h.random(33, -6, 6);
        [-1000, -30, 0, 30, 1000].forEach((v, i) => (logits[i * 7] = v));
        const targets = h.random(33, 0, 1);
        targets[0] = 0;
        targets[7] = 1;
        const x = h.input("logits", logits);
        const t = h.input("targets", targets);
        const loss = h.output("loss", 1);
        const dx = grad ? h.output("dlogits", 33) : null;
        h.backend.sigmoidCrossEntropy(x.id, t.id, loss.id, dx?.id ?? null, 33);
        const ref = sigmoidCrossEntropyReference(x.values, t.values);
        loss.expect([ref.loss]);
        dx?.expect(ref.dlogits);
      });
      test(`meanSquaredError${suffix}`, (h) => {
        const p = h.input("pred", h.random(33, -2, 2));
        const t = h.input("targets", h.random(33, -2, 2));
        const loss = h.output("loss", 1);
        const dp = grad ? h.output("dpred", 33) : null;
        h.backend.meanSquaredError(p.id, t.id, loss.id, dp?.id ?? null, 33);
        const ref = meanSquaredErrorReference(p.values, t.values);
        loss.expect([ref.loss]);
        dp?.expect(ref.dpred);
      });
    }
  });
}
