/**
 * How to run an exported model in Node: the three onnxruntime lines, for a batch of one image in
 * the model's input shape (`[784]` or `[28, 28, 1]`) with raw 0–255 pixels.
 *
 * @example
 * onnxUsage("cnn.onnx", [28, 28, 1]); // ["to run it (npm install onnxruntime-node):", '  import ort from "onnxruntime-node";', ...]
 */
export function onnxUsage(path: string, inputShape: readonly number[]): string[] {
  return [
    "to run it (npm install onnxruntime-node):",
    '  import ort from "onnxruntime-node";',
    `  const session = await ort.InferenceSession.create(${JSON.stringify(path)});`,
    `  const { output } = await session.run({ input: new ort.Tensor("float32", pixels, [1, ${inputShape.join(", ")}]) }); // pixels: Float32Array of 0–255; output.data: the 10 logits`,
  ];
}
