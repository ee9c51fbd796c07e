import { prepareDigit } from "@chainrule/data-mnist";
import { setBackend, softmax, tensor } from "@chainrule/tensor";
import { predict } from "@chainrule/train";
import type { PredictArgs } from "./args.js";
import { CliError } from "./errors.js";
import { selectBackend } from "./backend.js";
import { loadModelFile } from "./load-model.js";
import { layoutOfModel } from "./model-layout.js";
import { readPngGrey } from "./png.js";
import type { Output } from "./train-command.js";

/** Top classes of one image, most probable first. */
export interface Prediction {
  image: string;
  top: { label: number; probability: number }[];
}

/**
 * Classifies PNG images with a saved model: each is prepared the way MNIST was (data-mnist's
 * `prepareDigit`), all go through the model in one batch, and the top classes are printed.
 *
 * @example
 * await predictCommand({ command: "predict", load: "cnn.safetensors", images: ["7.png"], backend: "wasm", threads: 1, top: 3 }, out);
 */
export async function predictCommand(a: PredictArgs, out: Output): Promise<Prediction[]> {
  const { backend, note } = await selectBackend(a.backend, a.threads);
  if (note) out.write(`${note}\n`);
  setBackend(backend);
  const model = await loadModelFile(a.load);
  const layout = layoutOfModel(model, a.load);
  const samples = await Promise.all(
    a.images.map(async (path) => {
      const sample = prepareDigit(await readPngGrey(path));
      if (!sample.some((v) => v > 0)) throw new CliError(`${path}: the image has no ink (it is one flat colour); give a picture of a digit`);
      return sample;
    }),
  );
  const flat = new Float32Array(samples.length * 784);
  samples.forEach((s, i) => flat.set(s, i * 784));
  const x = tensor(flat, layout === "flat" ? [samples.length, 784] : [samples.length, 28, 28, 1]);
  const logits = predict(model, x);
  const probs = await softmax(logits).data();
  const results = a.images.map((image, i) => {
    const row = Array.from(probs.subarray(i * 10, i * 10 + 10), (probability, label) => ({ label, probability }));
    return { image, top: row.sort((p, q) => q.probability - p.probability).slice(0, a.top) };
  });
  for (const r of results) {
    out.write(`${r.image}: ${r.top.map((t) => `${t.label} (${(100 * t.probability).toFixed(1)}%)`).join(", ")}\n`);
  }
  return results;
}
