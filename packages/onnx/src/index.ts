/**
 * Exports a `Sequential` as an ONNX graph (opset 17) that onnxruntime and other runtimes run with
 * the same outputs.
 *
 * @module @chainrule/onnx
 */
export { exportOnnx, type ExportOnnxOptions } from "./export-onnx.js";
export { OnnxExportError } from "./onnx-export-error.js";
export type { OnnxPreprocess } from "./preprocess.js";
