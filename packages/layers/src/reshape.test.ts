import { memory, randomNormal, Rng, ShapeError } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { Flatten } from "./flatten.js";
import { assertGradcheck, gradcheck } from "./gradcheck.js";
import { Reshape } from "./reshape.js";

describe("Reshape", () => {
  it("views each sample with the new shape, keeping row-major order", () => {
    const x = randomNormal([2, 12], 0, 1, { rng: new Rng(1) });
    const layer = new Reshape({ targetShape: [2, -1, 3] });
    expect(layer.build([12])).toEqual([2, 2, 3]);
    const y = layer.forward(x, false);
    expect(y.shape).toEqual([2, 2, 2, 3]);
    expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()));
    const dx = layer.backward(y);
    expect(dx.shape).toEqual([2, 12]);
    expect(Array.from(dx.dataSync())).toEqual(Array.from(x.dataSync()));
  });

  it("passes gradcheck", () => {
    assertGradcheck(gradcheck(() => new Reshape({ targetShape: [3, 2] }), randomNormal([1, 6], 0, 1, { rng: new Rng(2) })));
  });

  it("keeps one view per input, so repeated steps make no new tensors", () => {
    const x = randomNormal([4, 6], 0, 1, { rng: new Rng(3) });
    const layer = new Reshape({ targetShape: [2, 3] });
    const y = layer.forward(x, true);
    layer.backward(y);
    const before = memory().js.tensors;
    expect(layer.forward(x, true)).toBe(y);
    layer.backward(y);
    expect(memory().js.tensors).toBe(before);
  });

  it("rejects a target with another element count, naming the layer, and a malformed target", () => {
    expect(() => new Reshape({ targetShape: [5], name: "r" }).build([2, 3])).toThrow(ShapeError);
    expect(() => new Reshape({ targetShape: [5], name: "r" }).build([2, 3])).toThrow("Reshape 'r' expects samples with as many elements as [5] but got [2, 3]");
    expect(() => new Reshape({ targetShape: [-1, -1] })).toThrow("Reshape: targetShape must hold non-negative integers and at most one -1, got [-1, -1]");
    expect(() => new Reshape({ targetShape: [2.5, 2] })).toThrow(RangeError);
  });
});

describe("Flatten", () => {
  it("flattens NHWC samples to vectors and views dy back", () => {
    const x = randomNormal([2, 3, 4, 5], 0, 1, { rng: new Rng(4) });
    const layer = new Flatten();
    const y = layer.forward(x, false);
    expect(y.shape).toEqual([2, 60]);
    expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()));
    expect(layer.config()).toEqual({ type: "Flatten", name: "flatten" });
    assertGradcheck(gradcheck(() => new Flatten(), randomNormal([1, 3, 3, 2], 0, 1, { rng: new Rng(5) })));
  });
});
