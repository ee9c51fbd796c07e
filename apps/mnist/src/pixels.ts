import type { Normalize } from "@chainrule/data-mnist";
import type { OnnxPreprocess } from "@chainrule/onnx";

/** Pixels scaled to [0, 1] for training and testing, which is what `predict` feeds a prepared PNG as. */
export const NORMALIZE: Normalize = "unit";

/** {@link NORMALIZE} folded into an exported ONNX graph, so the file takes raw 0–255 pixels. */
export const ONNX_PREPROCESS: OnnxPreprocess = { scale: 1 / 255 };
