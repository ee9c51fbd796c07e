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
});
