import { JsBackend, randomUniform, withBackend } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { MODEL_KINDS } from "../protocol.js";
import { buildModel, layoutOf } from "./models.js";

/** Weights and biases of a dense layer and of a 3×3 conv layer, counted by hand. */
const dense = (inputs: number, units: number) => inputs * units + units;
const conv3 = (inC: number, outC: number) => 3 * 3 * inC * outC + outC;

const EXPECTED = {
  mlp: { layers: ["fc1", "fc2"], params: dense(784, 128) + dense(128, 10) },
  cnn: { layers: ["conv1", "conv2", "fc1"], params: conv3(1, 8) + conv3(8, 16) + dense(7 * 7 * 16, 10) },
  "deep-sigmoid": { layers: Array.from({ length: 9 }, (_, i) => `fc${i + 1}`), params: dense(784, 64) + 7 * dense(64, 64) + dense(64, 10) },
  "deep-relu": { layers: Array.from({ length: 9 }, (_, i) => `fc${i + 1}`), params: dense(784, 64) + 7 * dense(64, 64) + dense(64, 10) },
};

describe("buildModel", () => {
  it.each(MODEL_KINDS)("builds %s with the expected layers and weights, reading its layout", (kind) => {
    withBackend(new JsBackend(), () => {
      const model = buildModel(kind, 1);
      expect(model.name).toBe(kind);
      expect(model.layers.filter((l) => l.parameters().length > 0).map((l) => l.name)).toEqual(EXPECTED[kind].layers);
      expect(model.parameters().reduce((n, p) => n + p.size, 0)).toBe(EXPECTED[kind].params);
      const x = randomUniform(layoutOf(kind) === "image" ? [3, 28, 28, 1] : [3, 784]);
      expect(model.forward(x, false).shape).toEqual([3, 10]);
      model.dispose();
    });
  });

  it("draws the same weights from the same seed", async () => {
    await withBackend(new JsBackend(), async () => {
      const a = buildModel("cnn", 7);
      const b = buildModel("cnn", 7);
      const c = buildModel("cnn", 8);
      const first = await a.parameters()[0].value.data();
      expect(Array.from(await b.parameters()[0].value.data())).toEqual(Array.from(first));
      expect(Array.from(await c.parameters()[0].value.data())).not.toEqual(Array.from(first));
    });
  });
});
