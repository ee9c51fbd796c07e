import type { Tensor } from "@chainrule/tensor";
import type { Layer } from "./layer.js";
import { checkRowsFinite } from "./non-finite-input.js";
import { assertTensor } from "./tensor-argument.js";

/**
 * A model's output for a batch in inference mode, copied into a new tensor the caller owns (the
 * last layer's output buffer is reused by the next call, and disposing it is an error). On backends
 * that read synchronously, an output that is not finite because an input row holds NaN or ±Infinity
 * throws a NonFiniteInputError naming the row, instead of passing as a prediction.
 *
 * @example
 * const logits = predict(model, x); const probs = softmax(logits); logits.dispose();
 */
export function predict(model: Pick<Layer, "forward">, x: Tensor): Tensor {
  assertTensor("predict", x);
  const y = model.forward(x, false);
  if (y.backend.readSync && !y.dataSync().every(Number.isFinite)) checkRowsFinite(x.dataSync(), x, "predict");
  return y.clone();
}
