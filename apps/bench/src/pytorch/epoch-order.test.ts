import { MnistSplit } from "@chainrule/data-mnist";
import { JsBackend } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { epochOrder } from "./epoch-order.js";

describe("epochOrder", () => {
  it("is a shuffled permutation, past the 65,536 examples two bytes could number", () => {
    const order = epochOrder(70000, 42);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 70000 }, (_, i) => i));
    expect(order.slice(0, 10)).not.toEqual(Int32Array.from({ length: 10 }, (_, i) => i));
    expect(epochOrder(70000, 42)).toEqual(order);
    expect(epochOrder(70000, 43)).not.toEqual(order);
  });

  it("is the order in which a Batcher with the same seed visits the labels", () => {
    const labels = Uint8Array.from({ length: 500 }, (_, i) => i % 251);
    const split = new MnistSplit({ images: new Uint8Array(500 * 4), labels, rows: 2, cols: 2 });
    const seen: number[] = [];
    for (const { y } of split.batches(64, { shuffle: true, seed: 7, backend: new JsBackend() })) seen.push(...y.dataSync());
    expect(seen).toEqual([...epochOrder(500, 7)].map((i) => labels[i]));
  });
});
