import { JsBackend, Parameter, randomNormal, Rng, tensor, withBackend, type Shape, type Tensor } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { BatchNorm } from "./batch-norm.js";
import { Conv2D } from "./conv2d.js";
import { Dense } from "./dense.js";
import { Flatten } from "./flatten.js";
import type { Layer, NamedTensor } from "./layer.js";
import { ReLU } from "./relu.js";
import { Sequential } from "./sequential.js";

/** Every tensor the model keeps (values, gradients, running statistics), in a stable order. */
function state(model: Sequential): Tensor[] {
  return [...model.parameters().flatMap((p) => [p.value, p.grad]), ...model.buffers().map((b) => b.tensor)];
}

/** y = x · s with one learned scale s and a step counter kept as a buffer; it has no `to` of its own. */
class Scale implements Layer {
  readonly name = "scale";
  private s: Parameter | null = null;
  private count: Tensor | null = null;
  build(inputShape: Shape): Shape {
    this.s = Parameter.fromValues("scale.s", [1], [3]);
    this.count = tensor([7], [1]);
    return inputShape;
  }
  forward(x: Tensor): Tensor {
    return x;
  }
  backward(dy: Tensor): Tensor {
    return dy;
  }
  parameters(): Parameter[] {
    return this.s ? [this.s] : [];
  }
  buffers(): NamedTensor[] {
    return this.count ? [{ name: "scale.count", tensor: this.count }] : [];
  }
}

describe("moving a model between backends", () => {
  it("moves parameters, gradients and running statistics in place, frees the source, and computes the same outputs there", async () => {
    const from = new JsBackend({ dtype: "float64" });
    const to = new JsBackend({ dtype: "float64" });
    const { model, x, dy } = withBackend(from, () => ({
      model: new Sequential([
        new Conv2D({ filters: 2, kernelSize: 3, rng: new Rng(1) }), new BatchNorm(), new ReLU(), new Flatten(), new Dense({ units: 3, rng: new Rng(2) }),
      ], { inputShape: [5, 5, 1] }),
      x: randomNormal([4, 5, 5, 1], 0, 1, { rng: new Rng(3) }),
      dy: randomNormal([4, 3], 0, 1, { rng: new Rng(4) }),
    }));
    model.forward(x, true);
    model.backward(dy); // gradients and running statistics that are not their initial values
    const params = model.parameters();
    const before = state(model).map((t) => Array.from(t.dataSync()));
    const expected = model.predict(x);

    expect(await model.to(to)).toBe(model);
    expect(model.parameters()).toEqual(params);
    model.parameters().forEach((p, i) => expect(p).toBe(params[i])); // the same objects, which an optimizer holds
    expect(state(model).every((t) => t.backend === to)).toBe(true);
    expect(state(model).map((t) => Array.from(t.dataSync()))).toEqual(before);
    expect(model.output).toBeNull();
    const dyThere = await dy.to(to);
    expect(() => model.backward(dyThere)).toThrow("Dense 'dense_1': backward called before forward");

    const xThere = await x.to(to);
    expect(Array.from(model.predict(xThere).dataSync())).toEqual(Array.from(expected.dataSync()));
    // What is left on the source is what the test made there; the layers' buffers went with the move.
    for (const t of [x, dy, expected]) t.dispose();
    expect(from.memory()).toEqual({ buffers: 0, bytes: 0 });
  });

  it("moves a layer without `to` of its own through its parameters and buffers", async () => {
    const to = new JsBackend();
    const model = new Sequential([new Scale()], { inputShape: [2] });
    await model.to(to);
    const [s] = model.parameters();
    expect([s.value.backend, s.grad.backend, model.buffers()[0].tensor.backend]).toEqual([to, to, to]);
    expect([s.value.dataSync()[0], model.buffers()[0].tensor.dataSync()[0]]).toEqual([3, 7]);
  });
});
