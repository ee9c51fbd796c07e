import { describe, expect, it } from "vitest";
import { memory } from "./engine.js";
import { JsBackend } from "./js/js-backend.js";
import { Parameter } from "./parameter.js";

describe("Parameter", () => {
  it("holds value and a zeroed gradient on one backend; zeroGrad and dispose", () => {
    const b = new JsBackend({ dtype: "float64" });
    const before = memory()["js-f64"] ?? { tensors: 0, buffers: 0, bytes: 0 };
    const p = Parameter.fromValues("fc1.bias", [3], [1, 2, 3], b);
    expect([p.name, p.shape, p.size]).toEqual(["fc1.bias", [3], 3]);
    expect(Array.from(p.value.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(p.grad.dataSync())).toEqual([0, 0, 0]);
    b.write(p.grad.dataId, [4, 5, 6]);
    p.zeroGrad();
    expect(Array.from(p.grad.dataSync())).toEqual([0, 0, 0]);
    expect(memory()["js-f64"].tensors - before.tensors).toBe(2);
    p.dispose();
    expect(memory()["js-f64"]).toEqual(before);
  });

  it("names itself when the values do not fit the shape", () => {
    expect(() => Parameter.fromValues("fc1.weight", [2, 2], [1, 2, 3])).toThrowError("Parameter 'fc1.weight': 3 values for shape [2, 2]");
  });
});
