// The JS backend's kernels are checked against float64 references by the conformance suite
// (packages/backend-conformance/src/js-backend.test.ts; it cannot run from here without a cycle in
// the build graph). These tests cover what the suite leaves to each backend: its errors. The
// argument checks themselves are tested once, in kernel-contract/kernel-contracts.test.ts.
import { describe, expect, it } from "vitest";
import { conv2dGeometry } from "../geometry.js";
import { JsBackend } from "./js-backend.js";

describe("JsBackend errors", () => {
  it("refuses freed storage and storage of another backend, naming the kernel and the argument", () => {
    const f32 = new JsBackend();
    const id = f32.alloc(3);
    f32.free(id);
    f32.free(id); // a second free is a no-op, not a double count
    expect(f32.memory()).toEqual({ buffers: 0, bytes: 0 });
    expect(() => f32.readSync(id)).toThrowError("js backend readSync: id was freed (a disposed tensor?)");
    const other = new JsBackend();
    expect(() => other.fill(f32.alloc(2), 1, 2)).toThrowError("js backend fill: out belongs to another backend");
    other.free(f32.alloc(2)); // freeing another backend's storage leaves both counts alone
    expect([f32.memory().buffers, other.memory().buffers]).toEqual([2, 0]);
  });

  it("refuses bad arguments through KERNEL_CONTRACTS, before writing anything", () => {
    const b = new JsBackend();
    const x = b.alloc(4);
    b.write(x, [1, 2, 3, 4]);
    expect(() => b.write(x, [1, 2, 3], 2)).toThrowError(new RangeError("js backend write: cannot write 3 values at offset 2 into storage of 4 (the offset must be an integer from 0 to 1)"));
    expect(() => b.fill(x, 0, 5)).toThrowError(new RangeError("js backend fill: out holds 4 elements but 5 are needed"));
    expect(() => b.unary("neg", x, x, 2.5)).toThrowError(new RangeError("js backend unary: size must be an integer ≥ 0, got 2.5"));
    expect(() => b.reduce("sum", x, [2, 2], [2], x)).toThrowError(new RangeError("js backend reduce: axis 2 is outside a shape of rank 2"));
    const g = conv2dGeometry([1, 2, 2, 1], [1, 1, 1, 1]);
    expect(() => b.conv2d(x, x, null, x, { ...g, strideW: 0 })).toThrowError(new RangeError("js backend conv2d: strideW must be an integer ≥ 1, got 0"));
    const p = b.alloc(2), grad = b.alloc(2);
    expect(() => b.sgdUpdate(p, grad, null, 2, { lr: 0.1, momentum: 0.9, nesterov: false, weightDecay: 0 })).toThrowError(
      "js backend sgdUpdate: momentum 0.9 needs a velocity buffer",
    );
    expect(Array.from(b.readSync(x))).toEqual([1, 2, 3, 4]);
  });

  it("has a label", () => {
    expect([new JsBackend().label, new JsBackend({ dtype: "float64" }).label]).toEqual(["js", "js-f64"]);
  });
});
