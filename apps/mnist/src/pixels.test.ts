import { MNIST_STATS, pixelTable } from "@chainrule/data-mnist";
import { describe, expect, it } from "vitest";
import { NORMALIZE, ONNX_PREPROCESS } from "./pixels.js";

describe("ONNX_PREPROCESS", () => {
  it("maps every raw pixel value to what the training batches hold", () => {
    const { scale = 1, mean = 0, std = 1 } = ONNX_PREPROCESS;
    const batches = pixelTable(NORMALIZE, MNIST_STATS);
    // onnxruntime computes in float32 with the constants stored as float32, as the batches do
    const f = Math.fround;
    const exported = Float64Array.from({ length: 256 }, (_, v) => f(f(f(v * f(scale)) - f(mean)) / f(std)));
    for (let v = 0; v < 256; v++) expect(exported[v], `pixel ${v}`).toBe(batches[v]);
  });
});
