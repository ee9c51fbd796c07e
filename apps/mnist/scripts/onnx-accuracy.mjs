// Accuracy in onnxruntime of a model exported with `chainrule-mnist --onnx`, on MNIST's 10,000
// test digits fed as raw 0–255 pixels: the number to set beside the test accuracy the run printed.
// Usage, after a build (`pnpm start` builds): node apps/mnist/scripts/onnx-accuracy.mjs MODEL.onnx
import { loadMnist } from "@chainrule/data-mnist/node";
import ort from "onnxruntime-node";

const path = process.argv[2];
if (!path || process.argv.length > 3) {
  console.error("usage: node apps/mnist/scripts/onnx-accuracy.mjs MODEL.onnx");
  process.exit(2);
}
let session;
try {
  session = await ort.InferenceSession.create(path);
} catch (e) {
  console.error(`${path}: onnxruntime cannot load it (${e.message.split("\n")[0]}); give a file written by chainrule-mnist --onnx`);
  process.exit(1);
}
// [batch, 784] for the MLP, [batch, 28, 28, 1] for the CNN; the batch is symbolic.
const sample = session.inputMetadata[0].shape.slice(1);
const { test } = await loadMnist();
const { output } = await session.run({ input: new ort.Tensor("float32", Float32Array.from(test.images), [test.size, ...sample]) });
let correct = 0;
for (let i = 0; i < test.size; i++) {
  const logits = output.data.subarray(i * 10, i * 10 + 10);
  if (logits.indexOf(Math.max(...logits)) === test.labels[i]) correct++;
}
console.log(`${path}: ${((100 * correct) / test.size).toFixed(2)}% of ${test.size.toLocaleString("en")} MNIST test digits in onnxruntime (input [${["N", ...sample].join(", ")}])`);
