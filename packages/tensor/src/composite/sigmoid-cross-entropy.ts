// Binary cross-entropy from logits, averaged over `size` elements:
//   loss = mean(max(x, 0) − x·t + log(1 + e^{−|x|}))     (the stable form of −t·log σ − (1−t)·log(1−σ))
//   dlogits = (σ(x) − t) / size
// The sigmoid shares its denominator 1 + e^{−|x|} with the loss's log term.
import type { DataId } from "../backend.js";
import { onePlusExpNegAbs, sigmoidFrom } from "./activation.js";
import type { PrimitiveBackend } from "./primitives.js";
import { withScratch } from "./scratch.js";

/** Composite of `Backend.sigmoidCrossEntropy`. */
export function sigmoidCrossEntropy(p: PrimitiveBackend, logits: DataId, targets: DataId, loss: DataId, dlogits: DataId | null, size: number): void {
  // the mean over no elements is 0, as in the JS backend
  if (size === 0) {
    p.fill(loss, 0, 1);
    return;
  }
  withScratch(p, [size, size], ([terms, xt]) => {
    onePlusExpNegAbs(p, logits, terms, size);
    if (dlogits) {
      sigmoidFrom(p, logits, terms, dlogits, size);
      p.binary("sub", dlogits, [size], targets, [size], dlogits, [size]);
      p.binaryScalar("div", dlogits, size, dlogits, size);
    }
    p.unary("log", terms, terms, size);
    p.binary("mul", logits, [size], targets, [size], xt, [size]);
    p.binary("sub", terms, [size], xt, [size], terms, [size]);
    p.binaryScalar("max", logits, 0, xt, size);
    p.binary("add", terms, [size], xt, [size], terms, [size]);
    p.reduce("mean", terms, [size], [0], loss);
  });
}
