import { checkedBackend, conv2dGeometry, KERNEL_CONTRACTS, type Backend, type DataId, type KernelName } from "@chainrule/tensor";
import { describe } from "vitest";
import { Harness, type TrackedBuffer } from "../harness.js";
import type { KernelTest } from "../kernel-test.js";

/** One call of a kernel, its buffers named as KERNEL_CONTRACTS names them, with their sizes. */
interface Call {
  kernel: KernelName;
  label: string;
  sizes: Readonly<Record<string, number>>;
  run(b: Backend, id: Readonly<Record<string, DataId>>): void;
}

/** A call for each [output, input] pair the in-place rule allows; inputs of a non-commutative form, so a swap shows. */
const IN_PLACE: (Call & { pair: readonly [string, string] })[] = [
  {
    kernel: "binary", pair: ["out", "a"], label: "sub [3,5] with [5]", sizes: { a: 15, b: 5, out: 15 },
    run: (b, id) => b.binary("sub", id.a, [3, 5], id.b, [5], id.out, [3, 5]),
  },
  {
    kernel: "binary", pair: ["out", "b"], label: "sub [5] with [3,5]", sizes: { a: 5, b: 15, out: 15 },
    run: (b, id) => b.binary("sub", id.a, [5], id.b, [3, 5], id.out, [3, 5]),
  },
  { kernel: "binaryScalar", pair: ["out", "a"], label: "0.75 − a", sizes: { a: 13, out: 13 }, run: (b, id) => b.binaryScalar("sub", id.a, 0.75, id.out, 13, true) },
  { kernel: "unary", pair: ["out", "x"], label: "exp", sizes: { x: 13, out: 13 }, run: (b, id) => b.unary("exp", id.x, id.out, 13) },
  { kernel: "activation", pair: ["y", "x"], label: "leakyRelu α 0.2", sizes: { x: 13, y: 13 }, run: (b, id) => b.activation("leakyRelu", id.x, id.y, 13, 0.2) },
  {
    kernel: "activationBackward", pair: ["dx", "dy"], label: "tanh", sizes: { y: 13, dy: 13, dx: 13 },
    run: (b, id) => b.activationBackward("tanh", id.y, id.dy, id.dx, 13),
  },
];

const CONV = conv2dGeometry([1, 4, 4, 2], [3, 3, 2, 2], { padding: "same" }); // x and y both [1, 4, 4, 2]

/** Calls with an output aliasing another argument where the rule forbids it, and the pair the error must name. */
const FORBIDDEN: (Call & { alias: readonly [string, string] })[] = [
  { kernel: "matmul", alias: ["a", "out"], label: "out = a", sizes: { a: 9, b: 9 }, run: (b, id) => b.matmul(id.a, id.b, id.a, { m: 3, n: 3, k: 3 }) },
  { kernel: "copy", alias: ["src", "dst"], label: "dst = src", sizes: { src: 9 }, run: (b, id) => b.copy(id.src, id.src, 9) },
  { kernel: "softmax", alias: ["x", "out"], label: "out = x", sizes: { x: 12 }, run: (b, id) => b.softmax(id.x, id.x, 3, 4) },
  { kernel: "logSoftmax", alias: ["x", "out"], label: "out = x", sizes: { x: 12 }, run: (b, id) => b.logSoftmax(id.x, id.x, 3, 4) },
  { kernel: "reduce", alias: ["x", "out"], label: "out = x", sizes: { x: 12 }, run: (b, id) => b.reduce("sum", id.x, [3, 4], [1], id.x) },
  {
    kernel: "softmaxCrossEntropy", alias: ["logits", "dlogits"], label: "dlogits = logits", sizes: { logits: 12, targets: 3, loss: 1 },
    run: (b, id) => b.softmaxCrossEntropy(id.logits, id.targets, id.loss, id.logits, { rows: 3, cols: 4, sparse: true, smoothing: 0 }),
  },
  { kernel: "conv2d", alias: ["x", "y"], label: "y = x", sizes: { x: 32, w: 36 }, run: (b, id) => b.conv2d(id.x, id.w, null, id.x, CONV) },
  {
    kernel: "batchNormTrain", alias: ["x", "y"], label: "y = x", sizes: { x: 12, gamma: 3, beta: 3, mean: 3, invStd: 3, runMean: 3, runVar: 3 },
    run: (b, id) => b.batchNormTrain(id.x, id.gamma, id.beta, id.x, id.mean, id.invStd, id.runMean, id.runVar, { rows: 4, cols: 3, eps: 1e-5, momentum: 0.1 }),
  },
  {
    kernel: "adamUpdate", alias: ["m", "v"], label: "v = m", sizes: { param: 5, grad: 5, m: 5 },
    run: (b, id) => b.adamUpdate(id.param, id.grad, id.m, id.m, 5, { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, step: 1 }),
  },
  { kernel: "sumSquares", alias: ["x", "out"], label: "out = x", sizes: { x: 5 }, run: (b, id) => b.sumSquares(id.x, 5, id.x, 0) },
];

/** A harness whose buffers and calls go through `checkedBackend` of the backend under test. */
function checkedHarness(h: Harness): Harness {
  return new Harness(checkedBackend(h.backend), h.tol, h.label);
}

/** Input buffers of `call` (all but `except`) holding random values in [−1, 1), made by `h`. */
function inputs(h: Harness, call: Call, except?: string): Record<string, TrackedBuffer> {
  const names = Object.keys(call.sizes).filter((name) => name !== except);
  return Object.fromEntries(names.map((name) => [name, h.input(name, h.random(call.sizes[name]))]));
}

/** The storage handles of `buffers`. */
function ids(buffers: Readonly<Record<string, TrackedBuffer>>): Record<string, DataId> {
  return Object.fromEntries(Object.entries(buffers).map(([name, buf]) => [name, buf.id]));
}

/**
 * The in-place rule of the Backend interface (KERNEL_CONTRACTS' `inPlace` pairs): every pair it
 * allows gives on this backend what the same call gives out of place, and `checkedBackend`
 * refuses an output that aliases another argument where the rule forbids it (a GPU could not bind
 * it), before the backend runs and without touching the buffers.
 */
export function aliasingSuite(test: KernelTest): void {
  describe("in place", () => {
    test("every in-place pair of KERNEL_CONTRACTS has a case here", () => {
      const allowed = (Object.keys(KERNEL_CONTRACTS) as KernelName[]).flatMap((k) => KERNEL_CONTRACTS[k].inPlace.map(([o, i]) => `${k} ${o} = ${i}`));
      const covered = IN_PLACE.map((c) => `${c.kernel} ${c.pair[0]} = ${c.pair[1]}`);
      const missing = allowed.filter((p) => !covered.includes(p));
      if (missing.length > 0 || covered.length !== allowed.length) throw new Error(`aliasing suite: cases for [${covered}] but the rule allows [${allowed}]`);
    });

    for (const call of IN_PLACE) {
      const [out, input] = call.pair;
      test(`${call.kernel} ${out} = ${input} (${call.label}) gives what it gives out of place`, async (h) => {
        const c = checkedHarness(h);
        try {
          const given = inputs(c, call, out);
          const apart = c.output(out, call.sizes[out]);
          call.run(c.backend, { ...ids(given), [out]: apart.id });
          const want = (await c.backend.read(apart.id)).subarray(0, apart.size);
          apart.expect(want);
          const shared = c.input(`${input}, overwritten in place`, given[input].values);
          call.run(c.backend, { ...ids(given), [input]: shared.id, [out]: shared.id });
          shared.expect(want);
          await c.verify();
        } finally {
          c.free();
        }
      });
    }
  });

  describe("aliases the rule forbids", () => {
    for (const call of FORBIDDEN) {
      const [first, second] = call.alias;
      test(`checkedBackend refuses ${call.kernel} with ${call.label}`, async (h) => {
        const c = checkedHarness(h);
        try {
          const id = ids(inputs(c, call));
          let error: unknown = null;
          try {
            call.run(c.backend, id);
          } catch (e) {
            error = e;
          }
          const expected = `${h.backend.name} backend ${call.kernel}: ${first} and ${second} are the same storage`;
          if (!(error instanceof Error) || !error.message.startsWith(expected)) {
            throw new Error(`${call.kernel} with ${call.label}: expected an error starting "${expected}", got ${String(error)}`);
          }
          await c.verify(); // refused before the backend ran: every buffer holds what it held
        } finally {
          c.free();
        }
      });
    }
  });
}
