export { exportOnnx, type ExportOnnxOptions } from "./export-onnx.js";
export { OnnxExportError } from "./onnx-export-error.js";
export type { OnnxPreprocess } from "./preprocess.js";
