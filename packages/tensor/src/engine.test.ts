import { describe, expect, it } from "vitest";
import { getBackend, keep, memory, setBackend, tidy, withBackend } from "./engine.js";
import { JsBackend } from "./js/js-backend.js";
import { ones, tensor } from "./ops/creation.js";
import { add, mul } from "./ops/elementwise.js";
import type { Tensor } from "./tensor.js";

/** Live tensors and buffers under the "js" name, to measure what a block leaves behind. */
function live(): { tensors: number; buffers: number; bytes: number } {
  return memory().js ?? { tensors: 0, buffers: 0, bytes: 0 };
}

describe("tidy", () => {
  it("disposes what the block created and keeps what it returns", () => {
    const before = live();
    let a!: Tensor, b!: Tensor;
    const y = tidy(() => {
      a = ones([3]);
      b = add(a, 1);
      return mul(b, 2);
    });
    expect(a.isDisposed).toBe(true);
    expect(b.isDisposed).toBe(true);
    expect(Array.from(y.dataSync())).toEqual([4, 4, 4]);
    expect(live().tensors - before.tensors).toBe(1);
    expect(live().buffers - before.buffers).toBe(1);
    y.dispose();
    expect(live()).toEqual(before);
  });

  it("keeps tensors returned inside arrays and objects", () => {
    const before = live();
    let scratch!: Tensor;
    const out = tidy(() => {
      scratch = ones([2]);
      return { loss: add(scratch, 1), parts: [mul(scratch, 3), { deep: add(scratch, scratch) }], label: "x" };
    });
    expect(scratch.isDisposed).toBe(true);
    expect(Array.from(out.loss.dataSync())).toEqual([2, 2]);
    expect(Array.from((out.parts[0] as Tensor).dataSync())).toEqual([3, 3]);
    expect(Array.from((out.parts[1] as { deep: Tensor }).deep.dataSync())).toEqual([2, 2]);
    expect(live().tensors - before.tensors).toBe(3);
    [out.loss, out.parts[0] as Tensor, (out.parts[1] as { deep: Tensor }).deep].forEach((t) => t.dispose());
    expect(live()).toEqual(before);
  });

  it("hands a nested tidy's result to the outer scope, which disposes it unless returned", () => {
    const before = live();
    let inner!: Tensor;
    tidy(() => {
      inner = tidy(() => add(ones([2]), 1));
      expect(inner.isDisposed).toBe(false);
    });
    expect(inner.isDisposed).toBe(true);
    expect(live()).toEqual(before);
  });

  it("keep() lets a tensor outlive the scope without being returned", () => {
    const before = live();
    let kept!: Tensor;
    tidy(() => {
      kept = keep(ones([4]));
      add(kept, 1);
    });
    expect(kept.isDisposed).toBe(false);
    expect(live().tensors - before.tensors).toBe(1);
    kept.dispose();
    expect(live()).toEqual(before);
  });

  it("disposes what the block created when it throws, and rethrows", () => {
    const before = live();
    let a!: Tensor;
    expect(() =>
      tidy(() => {
        a = ones([3]);
        throw new Error("boom");
      }),
    ).toThrowError("boom");
    expect(a.isDisposed).toBe(true);
    expect(live()).toEqual(before);
  });
});

describe("dispose and reshape views", () => {
  it("dispose twice is safe and counts once", () => {
    const before = live();
    const t = ones([5]);
    t.dispose();
    t.dispose();
    expect(live()).toEqual(before);
    expect(() => t.dataSync()).toThrowError("Tensor([5], float32, js, disposed): the tensor was disposed");
  });

  it("a reshaped view shares storage, which is freed only after the last view", () => {
    const before = live();
    const t = tensor([1, 2, 3, 4, 5, 6], [6]);
    const v = t.reshape([2, -1]);
    expect(v.shape).toEqual([2, 3]);
    expect(v.dataId).toBe(t.dataId);
    t.backend.write(t.dataId, [9], 0);
    expect(v.dataSync()[0]).toBe(9);
    expect(live().tensors - before.tensors).toBe(2);
    expect(live().buffers - before.buffers).toBe(1);
    t.dispose();
    expect(live().buffers - before.buffers).toBe(1);
    expect(Array.from(v.dataSync())).toEqual([9, 2, 3, 4, 5, 6]);
    v.dispose();
    expect(live()).toEqual(before);
  });
});

describe("memory and backends", () => {
  it("counts tensors, buffers and bytes per backend (8 bytes an element in float64)", () => {
    const b = new JsBackend({ dtype: "float64" });
    const before = memory()["js-f64"] ?? { tensors: 0, buffers: 0, bytes: 0 };
    const t = ones([3, 7], b);
    expect(memory()["js-f64"]).toEqual({ tensors: before.tensors + 1, buffers: before.buffers + 1, bytes: before.bytes + 21 * 8 });
    t.dispose();
    expect(memory()["js-f64"]).toEqual(before);
  });

  it("adds up backends that share a name", () => {
    const before = live();
    const b1 = new JsBackend();
    const b2 = new JsBackend();
    const t1 = ones([2], b1);
    const t2 = ones([3], b2);
    expect(live()).toEqual({ tensors: before.tensors + 2, buffers: before.buffers + 2, bytes: before.bytes + 20 });
    t1.dispose();
    t2.dispose();
  });

  it("withBackend switches for the block and restores, also after a throw", () => {
    const outer = getBackend();
    const b = new JsBackend({ dtype: "float64" });
    const t = withBackend(b, () => ones([2]));
    expect(t.backend).toBe(b);
    expect(t.dtype).toBe("float64");
    expect(getBackend()).toBe(outer);
    expect(() => withBackend(b, () => { throw new Error("inner"); })).toThrowError("inner");
    expect(getBackend()).toBe(outer);
    t.dispose();
  });

  it("setBackend changes the default for new tensors", () => {
    const outer = getBackend();
    const b = new JsBackend({ dtype: "float64" });
    setBackend(b);
    const t = ones([1]);
    setBackend(outer);
    expect(t.backend).toBe(b);
    t.dispose();
  });

  it("an op on tensors of two backends names both", () => {
    const a = ones([2]);
    const b = ones([2], new JsBackend({ dtype: "float64" }));
    expect(() => add(a, b)).toThrowError("add: inputs live on different backends (js and js-f64); move them to one backend first: await tensor.to(backend) for a tensor, await model.to(backend) for a model");
    a.dispose();
    b.dispose();
  });
});
