import { memory, tensor } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { Dense } from "./dense.js";
import { Dropout } from "./dropout.js";
import { NonFiniteInputError } from "./non-finite-input.js";
import { predict } from "./predict.js";
import { Sequential } from "./sequential.js";

/** logits = x·W with W = [[1, 0, 0], [0, 1, 0]] and no bias, behind a Dropout that only training would apply. */
function linear(): Sequential {
  const model = new Sequential([new Dropout({ rate: 0.9 }), new Dense({ units: 3, useBias: false, name: "fc" })], { inputShape: [2] });
  const w = model.parameters()[0];
  w.value.backend.write(w.value.dataId, [1, 0, 0, 0, 1, 0]);
  return model;
}

const x = [2, 0, 0, 3, -1, -1, 1, 0, 0, 1];
// Row i of the output is [x_i0, x_i1, 0]: written out by hand.
const expected = [2, 0, 0, 0, 3, 0, -1, -1, 0, 1, 0, 0, 0, 1, 0];

describe("predict and Sequential.predict", () => {
  it("return the inference-mode output as a copy the caller owns, which the next forward does not overwrite", () => {
    const model = linear();
    const input = tensor(x, [5, 2]);
    const viaFunction = predict(model, input);
    const viaModel = model.predict(input);
    expect(Array.from(viaFunction.dataSync())).toEqual(expected); // Dropout off: inference mode
    expect(Array.from(viaModel.dataSync())).toEqual(expected);
    expect(viaModel.owner).toBeNull();
    model.forward(tensor(new Array(10).fill(0), [5, 2]), false);
    expect(Array.from(viaModel.dataSync())).toEqual(expected);
    viaFunction.dispose();
    viaModel.dispose();
    expect(Array.from(model.predict(input).dataSync())).toEqual(expected); // the model still works
  });

  it("allocate nothing that outlives the caller's dispose: memory stays flat over repeated calls", () => {
    const model = linear();
    const input = tensor(x, [5, 2]);
    model.predict(input).dispose();
    const before = memory().js;
    for (let i = 0; i < 20; i++) model.predict(input).dispose();
    expect(memory().js).toEqual(before);
  });

  it("name the input rows that hold NaN instead of returning their outputs as predictions", () => {
    const bad = [...x];
    bad[2] = NaN; // sample 1
    bad[9] = NaN; // sample 4
    const input = tensor(bad, [5, 2]);
    const message = "predict: input row 1 holds NaN at element 0 (2 rows in all: 1, 4), so the model's output for it is not finite; clean or drop that input";
    expect(() => predict(linear(), input)).toThrow(message);
    const error = (() => {
      try {
        linear().predict(input);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(NonFiniteInputError);
    expect(error).toMatchObject({ rows: [1, 4], element: 0, where: "predict", message });
  });

  it("reject an array that is not a Tensor, saying how to make one", () => {
    const model = linear();
    expect(() => model.predict(x as never)).toThrow(new TypeError("Sequential.predict expects a Tensor; got an Array: make one with tensor(values, shape)"));
    expect(() => predict(model, new Float32Array(x) as never)).toThrow("predict expects a Tensor; got a Float32Array: make one with tensor(values, shape)");
  });
});
