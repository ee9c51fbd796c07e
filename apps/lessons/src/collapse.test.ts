import { Dense, ReLU, Sequential } from "@chainrule/layers";
import { JsBackend, Rng, tensor, withBackend } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { applyAffine, collapseDenseStack } from "./collapse.js";

const f64 = new JsBackend({ dtype: "float64" });

describe("collapseDenseStack", () => {
  it("multiplies the weights and carries each bias through the later weights", async () => {
    const map = await withBackend(f64, async () => {
      const a = new Dense({ units: 2, name: "a" });
      const b = new Dense({ units: 1, name: "b" });
      new Sequential([a, b], { inputShape: [2] });
      // W₁ = [[1, 2], [3, 4]], b₁ = [1, −1]; W₂ = [[2], [−1]], b₂ = [0.5].
      f64.write(a.parameters()[0].value.dataId, [1, 2, 3, 4]);
      f64.write(a.parameters()[1].value.dataId, [1, -1]);
      f64.write(b.parameters()[0].value.dataId, [2, -1]);
      f64.write(b.parameters()[1].value.dataId, [0.5]);
      return collapseDenseStack([a, b]);
    });
    // W = W₁·W₂ = [[1·2 − 2], [3·2 − 4]] = [[0], [2]];  b = b₁·W₂ + b₂ = 2 + 1 + 0.5 = 3.5
    expect(map).toEqual({ inputs: 2, outputs: 1, weight: Float64Array.of(0, 2), bias: Float64Array.of(3.5) });
    expect([...applyAffine(map, [1, 1, -2, 0.5], 2)]).toEqual([5.5, 4.5]);
  });

  it("gives what the stack computes, for a deep random stack", async () => {
    const rng = new Rng(3);
    const layers = [6, 5, 4, 3].map((units, i) => new Dense({ units, biasInitializer: "glorotNormal", rng, name: `d${i}` }));
    const x = Float64Array.from({ length: 4 * 7 }, () => rng.normal());
    const [stack, single] = await withBackend(f64, async () => {
      const model = new Sequential(layers, { inputShape: [7] });
      return [model.forward(tensor(x, [4, 7]), false).dataSync(), applyAffine(await collapseDenseStack(layers), x, 4)];
    });
    for (let i = 0; i < stack.length; i++) expect(single[i]).toBeCloseTo(stack[i], 12);
  });

  it("refuses a stack with an activation in it", async () => {
    const model = new Sequential([new Dense({ units: 2 }), new ReLU(), new Dense({ units: 2 })], { inputShape: [3] });
    await expect(collapseDenseStack(model.layers)).rejects.toThrow("collapseDenseStack: 'relu_1' is not a built Dense layer");
  });
});
