import { checkedBackend, JsBackend, KERNEL_CONTRACTS, randomNormal, Rng, withBackend, type Backend, type KernelName } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { AvgPool2D } from "./avg-pool2d.js";
import { BatchNorm } from "./batch-norm.js";
import { Conv2D } from "./conv2d.js";
import { Dense } from "./dense.js";
import { Dropout } from "./dropout.js";
import { Flatten } from "./flatten.js";
import { LeakyReLU } from "./leaky-relu.js";
import { MaxPool2D } from "./max-pool2d.js";
import { ReLU } from "./relu.js";
import { Reshape } from "./reshape.js";
import { Sequential } from "./sequential.js";
import { Sigmoid } from "./sigmoid.js";
import { Softmax } from "./softmax.js";
import { Tanh } from "./tanh.js";

/**
 * Wraps a backend to record every kernel call that writes an output into storage the same call
 * also reads, as "kernel: output = argument", using the roles of KERNEL_CONTRACTS.
 */
function inPlaceRecorder(backend: Backend): { backend: Backend; calls: string[] } {
  const calls: string[] = [];
  const wrapped = new Proxy(backend, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== "function" || !(prop in KERNEL_CONTRACTS)) return value;
      const { args, buffers } = KERNEL_CONTRACTS[prop as KernelName] as { args: readonly string[]; buffers: Record<string, string> };
      return (...values: unknown[]) => {
        const storage = (name: string): unknown => {
          const [head, field] = name.split(".");
          const v = values[args.indexOf(head)];
          return field ? (v as Record<string, unknown> | null | undefined)?.[field] : v;
        };
        for (const [out, role] of Object.entries(buffers)) {
          if (role !== "out" || !storage(out)) continue;
          for (const other of Object.keys(buffers)) if (other !== out && storage(other) === storage(out)) calls.push(`${String(prop)}: ${out} = ${other}`);
        }
        return (value as (...a: unknown[]) => unknown).apply(target, values);
      };
    },
  });
  return { backend: wrapped, calls };
}

/** One of every layer: image layers, then flat ones, ending in a Softmax over a reshaped last axis. */
function everyLayer(): Sequential {
  return new Sequential([
    new Conv2D({ filters: 3, kernelSize: 3, padding: "same", rng: new Rng(1) }), new BatchNorm(), new ReLU(), new MaxPool2D(),
    new AvgPool2D({ poolSize: 2, stride: 1 }), new Flatten(), new Dense({ units: 8, rng: new Rng(2) }), new BatchNorm(), new LeakyReLU(),
    new Dropout({ rate: 0.5, rng: new Rng(3) }), new Dense({ units: 6, rng: new Rng(4) }), new Tanh(), new Reshape({ targetShape: [2, 3] }),
    new Sigmoid(), new Softmax(),
  ], { inputShape: [6, 6, 2] });
}

describe("layers and the in-place rule", () => {
  it("never hand a kernel an output that is also one of its inputs, in training and inference, under the kernel contract's checking mode", () => {
    // checkedBackend throws on any aliasing the in-place rule forbids; the recorder also sees the
    // elementwise in-place calls the rule allows, which layers avoid so that no backend needs them.
    const { backend, calls } = inPlaceRecorder(checkedBackend(new JsBackend({ dtype: "float64" })));
    withBackend(backend, () => {
      const model = everyLayer();
      const x = randomNormal([4, 6, 6, 2], 0, 1, { rng: new Rng(5) });
      const dy = randomNormal([4, 2, 3], 0, 1, { rng: new Rng(6) });
      model.forward(x, true);
      model.backward(dy);
      model.backward(dy, { inputGrad: false });
      model.forward(x, false); // BatchNorm's inference backward runs its own chain of kernels
      model.backward(dy);
      expect(calls).toEqual([]);

      // Accumulating adds the batch's gradients to those set aside, in place: one elementwise add
      // per parameter, which the rule allows (out = a, of the same shape).
      model.forward(x, true);
      model.backward(dy, { accumulate: true });
      expect(calls).toEqual(model.parameters().map(() => "binary: out = a"));
    });
  });
});
