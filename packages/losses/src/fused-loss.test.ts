import { JsBackend, tensor, tidy } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { MeanSquaredError } from "./mean-squared-error.js";

// The buffer handling every loss inherits, exercised through MeanSquaredError.
describe("FusedLoss", () => {
  it("reuses its tensors while the shape is unchanged and remakes them when it changes", () => {
    const b = new JsBackend();
    const mse = new MeanSquaredError();
    const first = mse.forward(tensor([1, 2], [2, 1], b), tensor([0, 0], [2, 1], b));
    const grad = mse.backward();
    expect(mse.forward(tensor([3, 4], [2, 1], b), tensor([0, 0], [2, 1], b))).toBe(first);
    expect(mse.backward()).toBe(grad);
    expect(first.dataSync()[0]).toBeCloseTo((9 + 16) / 2, 5);
    expect(Array.from(grad.dataSync())).toEqual([3, 4]); // 2·(p − t)/2
    mse.forward(tensor([1, 2, 3], [3, 1], b), tensor([0, 0, 0], [3, 1], b));
    expect(mse.backward()).not.toBe(grad);
    expect(grad.isDisposed).toBe(true);
    expect(mse.backward().shape).toEqual([3, 1]);
  });

  it("keeps its tensors alive past an enclosing tidy and frees them on dispose", () => {
    const b = new JsBackend();
    const mse = new MeanSquaredError();
    const value = tidy(() => {
      mse.forward(tensor([1, 2], [2], b), tensor([1, 1], [2], b));
    });
    expect(value).toBeUndefined();
    expect(mse.backward().isDisposed).toBe(false);
    expect(b.memory().buffers).toBe(2); // loss and gradient; the tidy freed pred and target
    mse.dispose();
    expect(b.memory().buffers).toBe(0);
    expect(() => mse.backward()).toThrow(/before forward/);
  });

  it("refuses to let its value or gradient be disposed from outside, and keeps working", () => {
    const b = new JsBackend();
    const mse = new MeanSquaredError();
    const value = mse.forward(tensor([1, 2], [2], b), tensor([0, 0], [2], b));
    expect(() => value.dispose()).toThrow(/owned by loss 'meanSquaredError' \(its value, reused by the next call\): copy it with \.clone\(\) to keep it/);
    expect(() => mse.backward().dispose()).toThrow(/owned by loss 'meanSquaredError' \(its gradient/);
    expect(mse.forward(tensor([3, 4], [2], b), tensor([0, 0], [2], b)).dataSync()[0]).toBeCloseTo(12.5, 5);
  });

  it("says when backward comes before forward", () => {
    expect(() => new MeanSquaredError().backward()).toThrow("meanSquaredError: backward() was called before forward()");
  });

  it("rejects prediction and target on different backends", () => {
    const mse = new MeanSquaredError();
    expect(() => mse.forward(tensor([1], [1], new JsBackend()), tensor([1], [1], new JsBackend({ dtype: "float64" })))).toThrow(
      "meanSquaredError: inputs live on different backends (js and js-f64); move them to one backend first: await tensor.to(backend) for a tensor, await model.to(backend) for a model",
    );
  });
});
