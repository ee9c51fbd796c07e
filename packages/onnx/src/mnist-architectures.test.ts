// The command line's MLP and CNN (apps/mnist/src/models.ts, rebuilt here: a package imports no
// app), with and without its --batchnorm and --dropout additions, exported and run in onnxruntime.
import { BatchNorm, Conv2D, Dense, Dropout, Flatten, MaxPool2D, ReLU, Sequential, type Layer } from "@chainrule/layers";
import { Rng, setSeed, tensor, withBackend } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { argmaxRows, backends, compareWithOnnx, perturbVectors, uniformValues } from "./test-runtime.js";

interface Variant {
  batchnorm: boolean;
  dropout: number | null;
}

function mlp({ batchnorm, dropout }: Variant): Sequential {
  const bn = (): Layer[] => (batchnorm ? [new BatchNorm()] : []);
  return new Sequential([
    new Dense({ units: 256, name: "fc1" }), ...bn(), new ReLU(),
    new Dense({ units: 128, name: "fc2" }), ...bn(), new ReLU(),
    ...(dropout ? [new Dropout({ rate: dropout })] : []), new Dense({ units: 10, name: "logits" }),
  ], { inputShape: [784], name: "mlp" });
}

function cnn({ batchnorm, dropout }: Variant): Sequential {
  const bn = (): Layer[] => (batchnorm ? [new BatchNorm()] : []);
  return new Sequential([
    new Conv2D({ filters: 8, kernelSize: 3, padding: "same", name: "conv1" }), ...bn(), new ReLU(), new MaxPool2D(),
    new Conv2D({ filters: 16, kernelSize: 3, padding: "same", name: "conv2" }), ...bn(), new ReLU(), new MaxPool2D(),
    new Flatten(), new Dense({ units: 64, name: "fc1" }), ...bn(), new ReLU(),
    ...(dropout ? [new Dropout({ rate: dropout })] : []), new Dense({ units: 10, name: "logits" }),
  ], { inputShape: [28, 28, 1], name: "cnn" });
}

const BATCH = 16;
const architectures = [
  { name: "MLP", make: mlp, variant: { batchnorm: false, dropout: null } },
  { name: "MLP --batchnorm --dropout 0.5", make: mlp, variant: { batchnorm: true, dropout: 0.5 } },
  { name: "CNN", make: cnn, variant: { batchnorm: false, dropout: null } },
  { name: "CNN --batchnorm --dropout 0.25", make: cnn, variant: { batchnorm: true, dropout: 0.25 } },
];

describe.each(backends)("the CLI's models on $name against onnxruntime", ({ backend }) => {
  it.each(architectures)("$name: logits within 1e-4, same argmax", async ({ make, variant }) => {
    setSeed(5); // the weights
    const rng = new Rng(5);
    const model = withBackend(backend, () => make(variant));
    await perturbVectors(model, rng);
    const inputShape = model.inputShape as number[];
    const count = BATCH * inputShape.reduce((a, b) => a * b, 1);
    // Pixel-like inputs in [0, 1]; a few training-mode forwards give BatchNorm running statistics.
    for (let i = 0; i < 3; i++) withBackend(backend, () => model.forward(tensor(uniformValues(count, rng, 0, 1), [BATCH, ...inputShape], backend), true));
    const { chainrule, onnx, maxDiff } = await compareWithOnnx(model, backend, uniformValues(count, rng, 0, 1));
    // Logits of order 1 or more, so 1e-4 is a tight bound and not the size of the logits themselves.
    expect(Math.max(...chainrule.map(Math.abs))).toBeGreaterThan(1);
    expect(maxDiff).toBeLessThanOrEqual(1e-4);
    expect(argmaxRows(onnx, 10)).toEqual(argmaxRows(chainrule, 10));
  });
});
