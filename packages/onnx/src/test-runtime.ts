// Test-only: runs exported bytes in onnxruntime (CPU) and compares with chainrule's forward pass.
import { createWasmBackend } from "@chainrule/backend-wasm";
import type { Sequential } from "@chainrule/layers";
import { JsBackend, Rng, tensor, withBackend, type Backend, type Shape } from "@chainrule/tensor";
import ort from "onnxruntime-node";
import { expect } from "vitest";
import { exportOnnx, type ExportOnnxOptions } from "./export-onnx.js";

/** The backends the comparisons run on, created once per test file. */
export const backends: { name: string; backend: Backend }[] = [
  { name: "js", backend: new JsBackend({ dtype: "float32" }) },
  { name: "wasm", backend: await createWasmBackend() },
];

/** The graph's `output` for `x` fed as `input` (shape [batch, ...sample]). */
export async function runOnnx(bytes: Uint8Array, x: ArrayLike<number>, shape: Shape): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const { output } = await session.run({ input: new ort.Tensor("float32", Float32Array.from(x), [...shape]) });
    return { data: output.data as Float32Array, dims: output.dims };
  } finally {
    await session.release();
  }
}

/** max_i |a[i] − b[i]|, after checking the lengths agree. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** The index of the largest value of each row of width `cols`. */
export function argmaxRows(data: ArrayLike<number>, cols: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < data.length / cols; r++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (data[r * cols + c] > data[r * cols + best]) best = c;
    out.push(best);
  }
  return out;
}

/**
 * Adds N(0, scale²) noise to every vector parameter (biases 0 → noise, BatchNorm's γ 1 → 1 + noise,
 * β), so that no bias or affine term the export could drop is a trivial 0 or 1. Weights keep
 * their seeded initial values.
 */
export async function perturbVectors(model: Sequential, rng: Rng, scale = 0.5): Promise<void> {
  for (const p of model.parameters().filter((q) => q.shape.length === 1)) {
    const values = await p.value.data();
    p.value.backend.write(p.value.dataId, Float32Array.from(values, (v) => v + rng.normal(0, scale)));
  }
}

/** `count` values drawn uniformly from [low, high). */
export function uniformValues(count: number, rng: Rng, low = -1, high = 1): Float32Array {
  return Float32Array.from({ length: count }, () => rng.uniform(low, high));
}

/**
 * Runs `model` (inference) on `backend` and its export in onnxruntime on the same input `x` of
 * shape [batch, ...inputShape]; checks the output shapes agree and returns both outputs and their
 * largest difference. `onnxInput` feeds the exported graph something else (raw pixels) when its
 * options fold preprocessing in.
 */
export async function compareWithOnnx(
  model: Sequential, backend: Backend, x: Float32Array, opts: { export?: ExportOnnxOptions; onnxInput?: Float32Array } = {},
): Promise<{ chainrule: Float32Array; onnx: Float32Array; maxDiff: number }> {
  const shape = [x.length / (model.inputShape as Shape).reduce((a, b) => a * b, 1), ...(model.inputShape as Shape)];
  const y = withBackend(backend, () => model.forward(tensor(x, shape, backend), false));
  const chainrule = Float32Array.from(await y.data());
  const onnx = await runOnnx(await exportOnnx(model, opts.export), opts.onnxInput ?? x, shape);
  expect(onnx.dims).toEqual(y.shape);
  return { chainrule, onnx: onnx.data, maxDiff: maxAbsDiff(chainrule, onnx.data) };
}
