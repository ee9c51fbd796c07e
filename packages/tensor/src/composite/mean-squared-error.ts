// loss = mean((p − t)²); dpred = 2·(p − t) / size.
import type { DataId } from "../backend.js";
import type { PrimitiveBackend } from "./primitives.js";
import { withScratch } from "./scratch.js";

/** Composite of `Backend.meanSquaredError`. */
export function meanSquaredError(p: PrimitiveBackend, pred: DataId, targets: DataId, loss: DataId, dpred: DataId | null, size: number): void {
  // the mean over no elements is 0, as in the JS backend
  if (size === 0) {
    p.fill(loss, 0, 1);
    return;
  }
  withScratch(p, [size], ([diff]) => {
    p.binary("sub", pred, [size], targets, [size], diff, [size]);
    if (dpred) {
      p.binaryScalar("mul", diff, 2, dpred, size);
      p.binaryScalar("div", dpred, size, dpred, size);
    }
    p.unary("square", diff, diff, size);
    p.reduce("mean", diff, [size], [0], loss);
  });
}
