import type { AdamParams, RmspropParams, SgdParams } from "@chainrule/tensor";
import { describe } from "vitest";
import type { Harness, TrackedBuffer } from "../harness.js";
import type { KernelTest } from "../kernel-test.js";
import { adamReference, rmspropReference, sgdReference, type OptimizerState } from "../reference/optimizers.js";

const SIZE = 33;
const STEPS = 3;

/**
 * Runs `STEPS` optimizer steps on the backend and on the float64 reference, with a fresh gradient each
 * step; the harness then checks parameter and state buffers. Learning rates are large (0.05–0.1) so
 * an update is far bigger than the tolerance and a wrong update cannot hide in it.
 */
function runSteps(
  h: Harness, stateNames: string[], step: (param: TrackedBuffer, grad: TrackedBuffer, state: TrackedBuffer[], t: number) => void,
  reference: (st: OptimizerState, t: number) => void,
): void {
  const param = h.input("param", h.random(SIZE));
  const grad = h.input("grad", h.random(SIZE));
  // state starts as an optimizer makes it: zeros
  const state = stateNames.map((name) => h.input(name, new Float64Array(SIZE)));
  const st: OptimizerState = { param: Float64Array.from(param.values), grad: grad.values, s1: new Float64Array(SIZE), s2: new Float64Array(SIZE) };
  for (let t = 1; t <= STEPS; t++) {
    if (t > 1) h.write(grad, h.random(SIZE));
    st.grad = grad.values;
    step(param, grad, state, t);
    reference(st, t);
  }
  param.expect(st.param);
  state.forEach((buf, i) => buf.expect(i === 0 ? st.s1 : st.s2));
}

/** sgdUpdate, adamUpdate (Adam and AdamW) and rmspropUpdate over several steps. */
export function optimizerSuite(test: KernelTest): void {
  describe("optimizer steps", () => {
    const sgd: [string, SgdParams][] = [
      ["plain, velocity null", { lr: 0.1, momentum: 0, nesterov: false, weightDecay: 0 }],
      ["weight decay, velocity null", { lr: 0.1, momentum: 0, nesterov: false, weightDecay: 0.1 }],
      ["momentum 0.9", { lr: 0.1, momentum: 0.9, nesterov: false, weightDecay: 0 }],
      ["nesterov", { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0 }],
      ["momentum + weight decay", { lr: 0.1, momentum: 0.8, nesterov: false, weightDecay: 0.05 }],
    ];
    for (const [label, p] of sgd) {
      test(`sgdUpdate ${label}, ${STEPS} steps`, (h) => {
        const withVelocity = p.momentum !== 0;
        runSteps(
          h, withVelocity ? ["velocity"] : [],
          (param, grad, state) => h.backend.sgdUpdate(param.id, grad.id, withVelocity ? state[0].id : null, SIZE, p),
          (st) => sgdReference(st, p),
        );
      });
    }

    const adam: [string, Omit<AdamParams, "step">][] = [
      ["Adam", { lr: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false }],
      ["Adam with L2", { lr: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1, decoupled: false }],
      ["AdamW", { lr: 0.05, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.1, decoupled: true }],
    ];
    for (const [label, p] of adam) {
      test(`adamUpdate ${label}, ${STEPS} steps`, (h) => {
        runSteps(
          h, ["m", "v"],
          (param, grad, [m, v], step) => h.backend.adamUpdate(param.id, grad.id, m.id, v.id, SIZE, { ...p, step }),
          (st, step) => adamReference(st, { ...p, step }),
        );
      });
    }

    const rmsprop: [string, RmspropParams][] = [
      ["plain", { lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0 }],
      ["weight decay", { lr: 0.05, alpha: 0.9, eps: 1e-6, weightDecay: 0.1 }],
    ];
    for (const [label, p] of rmsprop) {
      test(`rmspropUpdate ${label}, ${STEPS} steps`, (h) => {
        runSteps(
          h, ["square average"],
          (param, grad, [sq]) => h.backend.rmspropUpdate(param.id, grad.id, sq.id, SIZE, p),
          (st) => rmspropReference(st, p),
        );
      });
    }
  });
}
