import { Conv2D, Dense, Sequential } from "@chainrule/layers";
import { JsBackend, Rng, setSeed, withBackend } from "@chainrule/tensor";
import ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { exportOnnx } from "./export-onnx.js";
import { OnnxExportError } from "./onnx-export-error.js";
import { IR_VERSION, ModelProto, OPSET } from "./onnx-schema.js";
import { compareWithOnnx, perturbVectors, uniformValues } from "./test-runtime.js";

const backend = new JsBackend({ dtype: "float32" });

describe("exportOnnx", () => {
  it("declares the input as chainrule takes it, with a symbolic batch, and names input and output", async () => {
    const model = withBackend(backend, () => new Sequential([new Conv2D({ filters: 2, kernelSize: 3 })], { inputShape: [6, 5, 1] }));
    const session = await ort.InferenceSession.create(await exportOnnx(model));
    expect(session.inputNames).toEqual(["input"]);
    expect(session.outputNames).toEqual(["output"]);
    expect(session.inputMetadata[0]).toMatchObject({ name: "input", isTensor: true, type: "float32", shape: ["batch", 6, 5, 1] });
    expect(session.outputMetadata[0]).toMatchObject({ name: "output", isTensor: true, type: "float32", shape: ["batch", 4, 3, 2] });
    await session.release();
  });

  it("runs any batch size, 1 included", async () => {
    setSeed(3); // the weights
    const rng = new Rng(3);
    const model = withBackend(backend, () => new Sequential([new Dense({ units: 3 })], { inputShape: [4] }));
    await perturbVectors(model, rng);
    for (const batch of [1, 5]) expect((await compareWithOnnx(model, backend, uniformValues(batch * 4, rng))).maxDiff).toBeLessThanOrEqual(1e-6);
  });

  it(`writes ir_version ${IR_VERSION} and the default-domain opset ${OPSET}`, async () => {
    const model = withBackend(backend, () => new Sequential([new Dense({ units: 3 })], { inputShape: [4] }));
    const decoded = ModelProto.toObject(ModelProto.decode(await exportOnnx(model)), { longs: Number });
    expect(decoded).toMatchObject({ ir_version: 8, producer_name: "chainrule", opset_import: [{ domain: "", version: 17 }] });
  });

  it("refuses a model that was never built, naming it", async () => {
    const model = new Sequential([new Dense({ units: 3 })], { name: "mlp" });
    await expect(exportOnnx(model)).rejects.toThrow(new OnnxExportError("exportOnnx: model 'mlp' is not built; pass inputShape to new Sequential(...) or run one forward pass first"));
    await expect(exportOnnx(model)).rejects.toBeInstanceOf(OnnxExportError);
  });
});
