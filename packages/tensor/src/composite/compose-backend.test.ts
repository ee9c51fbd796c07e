import { describe, expect, it } from "vitest";
import type { Backend, DataId } from "../backend.js";
import { JsBackend } from "../js/js-backend.js";
import { KERNEL_CONTRACTS } from "../kernel-contract/kernel-contracts.js";
import { composeBackend } from "./compose-backend.js";
import { COMPOSITE_KERNELS } from "./composites.js";
import { PRIMITIVE_KERNELS, primitivesOf } from "./primitives.js";

/** A buffer of `backend` holding `values`. */
function buffer(backend: Backend, values: number[]): DataId {
  const id = backend.alloc(values.length);
  backend.write(id, values);
  return id;
}

describe("composeBackend", () => {
  it("splits every method of Backend into a primitive or a composite, once", () => {
    const split = [...PRIMITIVE_KERNELS, ...COMPOSITE_KERNELS, "readSync"].sort();
    expect(split).toEqual(Object.keys(KERNEL_CONTRACTS).sort());
  });

  it("runs what the primitives lack as composites, on the primitives", () => {
    const backend = composeBackend(primitivesOf(new JsBackend()));
    const x = buffer(backend, [-1, 0, 2, NaN]);
    const y = backend.alloc(4);
    backend.activation("relu", x, y, 4);
    expect(Array.from(backend.readSync!(y))).toEqual([0, 0, 2, NaN]);
    const before = backend.memory();
    backend.activationBackward("relu", y, x, y, 4);
    expect(backend.memory()).toEqual(before); // its temporaries are freed
    expect(Array.from(backend.readSync!(y))).toEqual([0, 0, 2, 0]);
  });

  it("uses a kernel the backend has as it is, bound to the backend", () => {
    const js = new JsBackend();
    const seen: unknown[] = [];
    const softmax: Backend["softmax"] = function (this: unknown, x, out, rows, cols) {
      seen.push(this);
      js.softmax(x, out, rows, cols);
    };
    const primitives = { ...primitivesOf(js), softmax };
    const backend = composeBackend(primitives);
    backend.softmax(buffer(backend, [0, 0]), backend.alloc(2), 1, 2);
    expect(seen).toEqual([primitives]);
  });

  it("keeps the primitives' name, dtype and label, and readSync only where they have it", () => {
    const f64 = primitivesOf(new JsBackend({ dtype: "float64" }));
    const backend = composeBackend(f64);
    expect([backend.name, backend.dtype, backend.label]).toEqual(["js-f64", "float64", "js-f64"]);
    expect(typeof backend.readSync).toBe("function");
    expect("readSync" in composeBackend({ ...f64, readSync: undefined })).toBe(false);
  });

  it("refuses primitives that lack a primitive kernel, naming each", () => {
    const partial = { ...primitivesOf(new JsBackend()), argmax: undefined, conv2d: undefined } as unknown as Parameters<typeof composeBackend>[0];
    expect(() => composeBackend(partial)).toThrowError("composeBackend: js lacks the primitive kernels argmax, conv2d");
  });
});
