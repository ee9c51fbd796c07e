// A backend of the JS primitives alone (every other kernel a composite) trains a small classifier
// to the same loss curve as the JS backend: Dense(8→16), ReLU, Dense(16→4), softmax cross-entropy
// with label smoothing, Adam, written with the kernels directly, as the layers call them.
import { composeBackend, JsBackend, primitivesOf, Rng, type Backend, type DataId } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";

const BATCH = 12, IN = 8, HIDDEN = 16, CLASSES = 4, STEPS = 30;

/** A trainable tensor: its value, gradient and Adam moments. */
interface Param {
  size: number;
  value: DataId;
  grad: DataId;
  m: DataId;
  v: DataId;
}

/** The loss before each of STEPS Adam steps on one fixed batch, from a fixed seed. */
async function lossCurve(backend: Backend): Promise<number[]> {
  const rng = new Rng(15);
  const made: DataId[] = [];
  const buffer = (values: ArrayLike<number> | number): DataId => {
    const id = backend.alloc(typeof values === "number" ? values : values.length);
    if (typeof values !== "number") backend.write(id, values);
    made.push(id);
    return id;
  };
  const param = (size: number, std: number): Param => ({
    size, value: buffer(Array.from({ length: size }, () => rng.normal(0, std))), grad: buffer(size), m: buffer(size), v: buffer(size),
  });
  // the class of a sample is its largest of the first four features: a rule the model can learn
  const xs = Array.from({ length: BATCH * IN }, () => rng.normal());
  const labels = Array.from({ length: BATCH }, (_, r) => {
    const head = xs.slice(r * IN, r * IN + CLASSES);
    return head.indexOf(Math.max(...head));
  });
  const x = buffer(xs), t = buffer(labels);
  const w1 = param(IN * HIDDEN, 1 / Math.sqrt(IN)), b1 = param(HIDDEN, 0);
  const w2 = param(HIDDEN * CLASSES, 1 / Math.sqrt(HIDDEN)), b2 = param(CLASSES, 0);
  const h = buffer(BATCH * HIDDEN), dh = buffer(BATCH * HIDDEN), logits = buffer(BATCH * CLASSES);
  const dlogits = buffer(BATCH * CLASSES), loss = buffer(1);
  const losses: number[] = [];
  for (let step = 1; step <= STEPS; step++) {
    backend.matmul(x, w1.value, h, { m: BATCH, n: HIDDEN, k: IN, bias: b1.value });
    backend.activation("relu", h, h, BATCH * HIDDEN);
    backend.matmul(h, w2.value, logits, { m: BATCH, n: CLASSES, k: HIDDEN, bias: b2.value });
    backend.softmaxCrossEntropy(logits, t, loss, dlogits, { rows: BATCH, cols: CLASSES, sparse: true, smoothing: 0.1 });
    losses.push((await backend.read(loss))[0]);
    backend.matmul(h, dlogits, w2.grad, { m: HIDDEN, n: CLASSES, k: BATCH, transA: true });
    backend.reduce("sum", dlogits, [BATCH, CLASSES], [0], b2.grad);
    backend.matmul(dlogits, w2.value, dh, { m: BATCH, n: HIDDEN, k: CLASSES, transB: true });
    backend.activationBackward("relu", h, dh, dh, BATCH * HIDDEN);
    backend.matmul(x, dh, w1.grad, { m: IN, n: HIDDEN, k: BATCH, transA: true });
    backend.reduce("sum", dh, [BATCH, HIDDEN], [0], b1.grad);
    for (const p of [w1, b1, w2, b2]) {
      backend.adamUpdate(p.value, p.grad, p.m, p.v, p.size, { lr: 0.02, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, step });
    }
  }
  for (const id of made) backend.free(id);
  return losses;
}

describe("a backend of the JS primitives and the composites", () => {
  it("trains a small MLP to the JS backend's loss curve, within float32 rounding", async () => {
    const js = await lossCurve(new JsBackend());
    const composed = await lossCurve(composeBackend(primitivesOf(new JsBackend())));
    // the model learns: the loss falls from about log 4
    expect(js[0]).toBeGreaterThan(1);
    expect(js[STEPS - 1]).toBeLessThan(0.5 * js[0]);
    // measured: the curves differ by at most 1.7e-7 relative (1–2 float32 ulp; the composites round
    // their intermediate results to float32 where the JS kernels keep float64); a wrong kernel is off by far more
    composed.forEach((loss, step) => expect(Math.abs(loss - js[step])).toBeLessThan(1e-5 * js[step]));
  });
});
