import { describe, expect, it } from "vitest";
import { memory, tidy } from "./engine.js";
import { JsBackend } from "./js/js-backend.js";
import { full, ones, randomNormal, randomUniform, tensor, zeros } from "./ops/creation.js";
import { Rng } from "./random.js";
import { ShapeError } from "./shape.js";
import { empty } from "./tensor.js";

describe("Tensor and creation", () => {
  it("infers the shape of nested arrays and keeps float32 values", async () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.size).toBe(6);
    expect(t.rank).toBe(2);
    expect(t.dtype).toBe("float32");
    expect(Array.from(await t.data())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.dataSync()).toBeInstanceOf(Float32Array);
    expect(tensor(0.1).dataSync()[0]).toBe(Math.fround(0.1));
    expect(tensor(7).shape).toEqual([]);
    expect(String(t)).toBe("Tensor([2, 3], float32, js)");
  });

  it("values and shape must agree", () => {
    expect(() => tensor([1, 2, 3], [2, 2])).toThrowError(ShapeError);
    expect(() => tensor([1, 2, 3], [2, 2])).toThrowError("tensor expects 4 values for shape [2, 2] but got [3]; values and shape disagree");
    expect(() => empty([2, -1])).toThrowError("empty expects non-negative integer dimensions but got [2, -1]");
  });

  it("full, zeros, ones", () => {
    expect(Array.from(full([2, 2], 0.5).dataSync())).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(Array.from(zeros([3]).dataSync())).toEqual([0, 0, 0]);
    expect(Array.from(ones([2]).dataSync())).toEqual([1, 1]);
  });

  it("random tensors draw from the given generator in order", () => {
    const f64 = new JsBackend({ dtype: "float64" });
    const a = new Rng(9);
    const expected = [a.normal(1, 2), a.normal(1, 2), a.normal(1, 2)];
    expect(Array.from(randomNormal([3], 1, 2, { rng: new Rng(9), backend: f64 }).dataSync())).toEqual(expected);
    const b = new Rng(9);
    const u = [b.uniform(-1, 1), b.uniform(-1, 1)];
    expect(Array.from(randomUniform([2], -1, 1, { rng: new Rng(9), backend: f64 }).dataSync())).toEqual(u);
  });

  it("reshape infers one −1 and rejects sizes that differ", () => {
    const t = tensor(new Float32Array(12), [3, 4]);
    expect(t.reshape([-1, 6]).shape).toEqual([2, 6]);
    expect(() => t.reshape([5, -1])).toThrowError("reshape expects a shape with 12 elements but got [5, -1]");
    expect(() => t.reshape([2, 2])).toThrowError("reshape expects a shape with 12 elements (from [3, 4]) but got [2, 2]");
    expect(() => t.reshape([-1, -1])).toThrowError("reshape expects non-negative integer dimensions and at most one -1 but got [-1, -1]");
    expect(() => t.reshape([-2, -6])).toThrowError("reshape expects non-negative integer dimensions and at most one -1 but got [-2, -6]");
  });

  it("dataSync explains what to do on a backend that reads only asynchronously", async () => {
    const asyncOnly = new JsBackend();
    Object.defineProperty(asyncOnly, "readSync", { value: undefined });
    Object.defineProperty(asyncOnly, "read", { value: (id: object) => Promise.resolve(JsBackend.prototype.readSync.call(asyncOnly, id)) });
    const t = tensor([1, 2], [2], asyncOnly);
    expect(() => t.dataSync()).toThrowError("dataSync: the js backend reads only asynchronously; use await tensor.data()");
    expect(Array.from(await t.data())).toEqual([1, 2]);
  });

  it("clone copies the values into a tensor of its own, on the same backend", () => {
    const f64 = new JsBackend({ dtype: "float64" });
    const t = tensor([1.5, -2, 3e-300], [3], f64);
    const c = t.clone();
    expect(c).not.toBe(t);
    expect(c.backend).toBe(f64);
    expect(c.shape).toEqual([3]);
    f64.fill(t.dataId, 0, 3);
    expect(Array.from(c.dataSync())).toEqual([1.5, -2, 3e-300]);
    t.dispose();
    expect(Array.from(c.dataSync())).toEqual([1.5, -2, 3e-300]);
    const buffers = f64.memory().buffers;
    expect(() => t.clone()).toThrowError("Tensor([3], float64, js-f64, disposed): the tensor was disposed");
    expect(f64.memory().buffers).toBe(buffers);
  });

  it("refuses to dispose a tensor someone owns, naming the owner, until the owner disowns it", () => {
    const before = memory().js?.tensors ?? 0;
    const t = tidy(() => empty([2, 3]).own("layer 'fc1' (its forward output, reused by the next call)"));
    expect(t.isDisposed).toBe(false); // own() also kept it out of the tidy
    expect(t.owner).toBe("layer 'fc1' (its forward output, reused by the next call)");
    expect(() => t.dispose()).toThrowError(
      "Tensor([2, 3], float32, js): this tensor is owned by layer 'fc1' (its forward output, reused by the next call): copy it with .clone() to keep it; its owner frees it",
    );
    expect(t.isDisposed).toBe(false);
    expect(Array.from(t.dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
    t.disown().dispose();
    expect(t.owner).toBeNull();
    expect(t.isDisposed).toBe(true);
    expect(memory().js.tensors).toBe(before);
  });

  describe("moving between backends", () => {
    const values = [1.5, -2, 3e-300, 0.1];
    // What a float32 backend stores for each value: fround, written independently of the backends.
    const asFloat32 = values.map(Math.fround);

    it("to() and toSync() copy onto another backend, round to its dtype, and leave the source alone", async () => {
      const f64 = new JsBackend({ dtype: "float64" });
      const f32 = new JsBackend();
      const t = tensor(values, [2, 2], f64);
      const there = await t.to(f32);
      expect([there.backend, there.shape, there.dtype]).toEqual([f32, [2, 2], "float32"]);
      expect(Array.from(there.dataSync())).toEqual(asFloat32);
      const back = there.toSync(f64);
      expect(back.backend).toBe(f64);
      expect(Array.from(back.dataSync())).toEqual(asFloat32); // the round trip through float32 keeps float32's values
      expect(Array.from(t.dataSync())).toEqual(values);
      const same = await t.to(f64);
      expect(same).not.toBe(t); // a copy the caller owns, even on the same backend
      f64.fill(t.dataId, 0, 4);
      expect(Array.from(same.dataSync())).toEqual(values);
    });

    it("to() reads through the asynchronous read of a backend without readSync, and copies only the tensor's elements", async () => {
      const asyncOnly = new JsBackend({ dtype: "float64" });
      Object.defineProperty(asyncOnly, "readSync", { value: undefined });
      Object.defineProperty(asyncOnly, "read", { value: (id: object) => Promise.resolve(JsBackend.prototype.readSync.call(asyncOnly, id)) });
      const t = tensor([9, 8, 7, 6, 5, 4], [6], asyncOnly).reshape([2, 3]);
      const f64 = new JsBackend({ dtype: "float64" });
      expect(Array.from((await t.to(f64)).dataSync())).toEqual([9, 8, 7, 6, 5, 4]);
      expect(() => t.toSync(f64)).toThrow("dataSync: the js-f64 backend reads only asynchronously; use await tensor.data()");
    });

    it("moveTo() keeps the object, its owner and its views' values, and frees the source storage", async () => {
      const from = new JsBackend({ dtype: "float64" });
      const to = new JsBackend({ dtype: "float64" });
      const t = tensor(values, [4], from).own("layer 'fc1' (its 'weight', reused by the next call)");
      const view = t.reshape([2, 2]);
      const kept = tensor([5], [1], from);
      expect([from.memory().buffers, to.memory().buffers]).toEqual([2, 0]);
      const liveBefore = memory()["js-f64"].tensors;
      expect(await t.moveTo(to)).toBe(t);
      expect(t.backend).toBe(to);
      expect(t.owner).toBe("layer 'fc1' (its 'weight', reused by the next call)");
      expect(Array.from(t.dataSync())).toEqual(values);
      // The view keeps the old storage: it is freed with the view, not before.
      expect([from.memory().buffers, to.memory().buffers]).toEqual([2, 1]);
      to.fill(t.dataId, 0, 4);
      expect(Array.from(view.dataSync())).toEqual(values);
      view.dispose();
      expect([from.memory().buffers, to.memory().buffers]).toEqual([1, 1]);
      expect(memory()["js-f64"].tensors).toBe(liveBefore - 1); // the view; the moved tensor is counted once
      expect(await t.moveTo(to)).toBe(t); // already there: nothing happens
      expect(to.memory().buffers).toBe(1);
      t.disown().dispose();
      kept.dispose();
      expect([from.memory().buffers, to.memory().buffers]).toEqual([0, 0]);
    });

    it("moveTo() of a tensor disposed while its values were read fails and allocates nothing", async () => {
      const to = new JsBackend();
      const t = tensor([1, 2], [2]);
      const moving = t.moveTo(to);
      t.dispose();
      await expect(moving).rejects.toThrow("Tensor([2], float32, js, disposed): the tensor was disposed");
      expect(to.memory().buffers).toBe(0);
    });
  });
});
