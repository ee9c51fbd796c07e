// The example backend of the README: the JS backend's primitives, counting their calls, made a
// full backend by composeBackend. It passes the conformance suite, and its counts show the
// composites running on the primitives.
import { composeBackend, JsBackend, PRIMITIVE_KERNELS, primitivesOf, type PrimitiveBackend, type PrimitiveKernel } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { runConformance } from "./run-conformance.js";

/** `inner`'s primitives, each counting its calls in `calls` before it runs. */
function countingPrimitives(inner: PrimitiveBackend, calls: Map<PrimitiveKernel, number>): PrimitiveBackend {
  const counted: PrimitiveBackend = { ...inner, label: `${inner.label}, counting kernel calls` };
  for (const kernel of PRIMITIVE_KERNELS) {
    const run = inner[kernel] as (...args: unknown[]) => unknown;
    Object.assign(counted, {
      [kernel]: (...args: unknown[]) => {
        calls.set(kernel, (calls.get(kernel) ?? 0) + 1);
        return run(...args);
      },
    });
  }
  return counted;
}

runConformance("counting js primitives", () => composeBackend(countingPrimitives(primitivesOf(new JsBackend()), new Map())));

describe("the counting example backend", () => {
  it("runs softmax as a composite: row max, shift, exp, row sum, divide", async () => {
    const calls = new Map<PrimitiveKernel, number>();
    const backend = composeBackend(countingPrimitives(primitivesOf(new JsBackend()), calls));
    expect(backend.label).toBe("js, counting kernel calls");
    const x = backend.alloc(6), y = backend.alloc(6);
    backend.write(x, [1, 2, 3, 0, 0, Math.log(2)]);
    calls.clear();
    backend.softmax(x, y, 2, 3);
    expect(Object.fromEntries(calls)).toEqual({ alloc: 2, reduce: 2, binary: 2, unary: 1, free: 2 });
    const e = [1, Math.E, Math.E ** 2];
    const want = [...e.map((v) => v / (1 + Math.E + Math.E ** 2)), 0.25, 0.25, 0.5];
    Array.from(await backend.read(y)).forEach((v, i) => expect(v).toBeCloseTo(want[i], 6));
  });
});
