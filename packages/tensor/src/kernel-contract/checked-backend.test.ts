import { describe, expect, it, vi } from "vitest";
import type { Backend } from "../backend.js";
import { JsBackend } from "../js/js-backend.js";
import { checkedBackend } from "./checked-backend.js";

/** A checked JS backend, the backend under it, and a buffer holding `values`. */
function setup(): { inner: JsBackend; b: Backend; put: (values: number[]) => object } {
  const inner = new JsBackend({ dtype: "float64" });
  const b = checkedBackend(inner);
  const put = (values: number[]) => {
    const id = b.alloc(values.length);
    b.write(id, values);
    return id;
  };
  return { inner, b, put };
}

describe("checkedBackend", () => {
  it("describes itself as the backend it wraps, checked", () => {
    const { b } = setup();
    expect([b.name, b.dtype, b.label]).toEqual(["js-f64", "float64", "js-f64, checked"]);
  });

  const forbidden: [string, keyof Backend, (b: Backend, x: object, y: object) => unknown, string][] = [
    ["matmul out = a", "matmul", (b, x, y) => b.matmul(x, y, x, { m: 2, n: 2, k: 2 }), "matmul: a and out are the same storage; it never runs in place"],
    ["matmul out = p.bias", "matmul", (b, x, y) => b.matmul(y, y, x, { m: 2, n: 2, k: 2, bias: x }), "matmul: p.bias and out are the same storage"],
    ["softmax out = x", "softmax", (b, x) => b.softmax(x, x, 2, 2), "softmax: x and out are the same storage; it never runs in place"],
    ["copy dst = src", "copy", (b, x) => b.copy(x, x, 4), "copy: src and dst are the same storage"],
    ["reduce out = x", "reduce", (b, x) => b.reduce("sum", x, [2, 2], [1], x), "reduce: x and out are the same storage"],
    ["sumSquares out = x", "sumSquares", (b, x) => b.sumSquares(x, 4, x, 0), "sumSquares: x and out are the same storage"],
    ["sgdUpdate param = grad", "sgdUpdate", (b, x) => b.sgdUpdate(x, x, null, 4, { lr: 1, momentum: 0, nesterov: false, weightDecay: 0 }), "sgdUpdate: param and grad are the same storage"],
    ["activationBackward dx = y", "activationBackward", (b, x, y) => b.activationBackward("relu", x, y, x, 4), "activationBackward: y and dx are the same storage; only dx = dy may share storage"],
    ["meanSquaredError loss = dpred (two outputs)", "meanSquaredError", (b, x, y) => b.meanSquaredError(y, y, x, x, 4), "meanSquaredError: loss and dpred are the same storage"],
  ];
  it.each(forbidden)("throws on %s before the backend runs, leaving the values alone", async (_label, kernel, call, message) => {
    const { inner, b, put } = setup();
    const x = put([1, -2, 3, -4]), y = put([5, 6, 7, 8]);
    const kernelCalls = vi.spyOn(inner, kernel as "matmul");
    expect(() => call(b, x, y)).toThrow(`js-f64 backend ${message}`);
    expect(kernelCalls).not.toHaveBeenCalled();
    expect(Array.from(await b.read(x))).toEqual([1, -2, 3, -4]);
  });

  it("runs the kernels the in-place rule allows in place, and lets inputs share storage", async () => {
    const { b, put } = setup();
    const x = put([1, -2, 3, -4]), y = put([0.5, 0.5, 2, 2]);
    b.unary("neg", x, x, 4);
    b.binary("mul", y, [2, 2], x, [2, 2], x, [2, 2]); // out = b: x ← y·x
    b.activationBackward("relu", y, x, x, 4); // dx = dy: y > 0 everywhere, so x is kept
    expect(Array.from(await b.read(x))).toEqual([-0.5, 1, -6, 8]);
    const square = b.alloc(4);
    b.matmul(y, y, square, { m: 2, n: 2, k: 2 }); // [[0.5, 0.5], [2, 2]]² = [[1.25, 1.25], [5, 5]]
    expect(Array.from(await b.read(square))).toEqual([1.25, 1.25, 5, 5]);
  });

  it("refuses a broadcast operand as out, like every backend", () => {
    const { b, put } = setup();
    const x = put([1, 2, 3, 4]), row = put([1, 2, 0, 0]); // storage for 4, a [2] operand in it
    expect(() => b.binary("add", x, [2, 2], row, [2], row, [2, 2])).toThrow("js-f64 backend binary: out is b, which is broadcast (2 elements to 4)");
  });

  it("runs the argument checks itself, before the backend sees the call", () => {
    const { inner, b, put } = setup();
    const fill = vi.spyOn(inner, "fill");
    expect(() => b.fill(put([1, 2, 3, 4]), 0, 5)).toThrow(new RangeError("js-f64 backend fill: out holds 4 elements but 5 are needed"));
    expect(() => b.fill(put([1]), 0, -1)).toThrow(new RangeError("js-f64 backend fill: size must be an integer ≥ 0, got -1"));
    expect(fill).not.toHaveBeenCalled();
  });

  it("refuses storage it did not make or that was freed, and frees through to the backend", () => {
    const { inner, b, put } = setup();
    expect(() => b.fill(inner.alloc(4), 0, 4)).toThrow("js-f64 backend fill: out is not live storage of this checked backend (freed, or made before wrapping)");
    const x = put([1, 2]);
    expect(b.memory()).toEqual({ buffers: 2, bytes: 48 });
    b.free(x);
    expect(b.memory()).toEqual({ buffers: 1, bytes: 32 });
    expect(() => b.readSync!(x)).toThrow("js-f64 backend readSync: id is not live storage of this checked backend");
  });

  it("has readSync only when the backend has it", () => {
    const inner = new JsBackend();
    const asyncOnly = Object.assign(Object.create(inner) as Backend, { readSync: undefined });
    expect(checkedBackend(inner).readSync).toBeTypeOf("function");
    expect(checkedBackend(asyncOnly).readSync).toBeUndefined();
  });
});
