// A browser app's imports: bundled by esbuild for the browser, where node:fs and friends do not exist.
export { createWasmBackend } from "@chainrule/backend-wasm";
export { fetchMnist, mnistFromBytes, prepareDigit } from "@chainrule/data-mnist";
export { Dense, ReLU, Sequential } from "@chainrule/layers";
export { SoftmaxCrossEntropy } from "@chainrule/losses";
export { Adam } from "@chainrule/optim";
export { setBackend, tensor } from "@chainrule/tensor";
export { fit, predict } from "@chainrule/train";
