/**
 * A model that cannot be written as ONNX (unsupported layer, unbuilt model, bad option); the message names which and why.
 *
 * @example
 * try { await exportOnnx(model); } catch (e) { if (e instanceof OnnxExportError) console.error(e.message); }
 */
export class OnnxExportError extends Error {
  override readonly name = "OnnxExportError";
}
