// Activations y = f(x) and their backward forms dx = dy·f'(y), written with primitives.
//
//   relu       y = max(x, 0); binary max keeps a NaN x, so NaN propagates as in the JS backend.
//   leakyRelu  y = max(x, α·x) for α ≤ 1, min(x, α·x) for α > 1: x > 0 picks x, x ≤ 0 picks α·x.
//              Rounding is monotone, so the pick survives float32 and the result is exact.
//   sigmoid    y = e^{min(x,0)} / (1 + e^{−|x|}): that is 1/(1 + e^{−x}) for x ≥ 0 and e^x/(1 + e^x)
//              for x < 0 in one formula, and no exponent is positive, so ±1000 cannot overflow.
//   tanh       y = sign(x)·(1 − e^{−2|x|}) / (1 + e^{−2|x|}), again with a non-positive exponent.
//              Its error is a few ulp of 1 in absolute terms: near 0 a large relative error, but far
//              inside the absolute part of the conformance tolerance.
//
// Backward: sigmoid f' = y·(1 − y), tanh f' = 1 − y². relu and leakyRelu must select, not multiply by
// a mask: the JS backend gives dx = 0 (relu) or α·dy where y ≤ 0 or y is NaN, even for a NaN or
// infinite dy, and NaN·0 is NaN. splitByPositive puts dy into one element of each pair by the sign of
// y and 0 into the other; zeroing (relu) or scaling by α (leakyRelu) the y ≤ 0 half and summing each
// pair is then exact, since one of its two terms is 0.
import type { Activation, DataId } from "../backend.js";
import { splitByPositive } from "./comparisons.js";
import type { PrimitiveBackend } from "./primitives.js";
import { withScratch } from "./scratch.js";

/** The Backend's default α of leakyRelu. */
const LEAKY_ALPHA = 0.01;

/** out = 1 + e^{−|x|}: the sigmoid's denominator, and softplus(−|x|) = log(out). */
export function onePlusExpNegAbs(p: PrimitiveBackend, x: DataId, out: DataId, size: number): void {
  p.unary("abs", x, out, size);
  p.unary("neg", out, out, size);
  p.unary("exp", out, out, size);
  p.binaryScalar("add", out, 1, out, size);
}

/** y = σ(x) = e^{min(x,0)} / d, given d = 1 + e^{−|x|} (y may be x: x is read first). */
export function sigmoidFrom(p: PrimitiveBackend, x: DataId, d: DataId, y: DataId, size: number): void {
  p.binaryScalar("min", x, 0, y, size);
  p.unary("exp", y, y, size);
  p.binary("div", y, [size], d, [size], y, [size]);
}

/** Composite of `Backend.activation`. */
export function activation(p: PrimitiveBackend, kind: Activation, x: DataId, y: DataId, size: number, alpha = LEAKY_ALPHA): void {
  switch (kind) {
    case "relu":
      p.binaryScalar("max", x, 0, y, size);
      return;
    case "leakyRelu":
      withScratch(p, [size], ([ax]) => {
        p.binaryScalar("mul", x, alpha, ax, size);
        p.binary(alpha <= 1 ? "max" : "min", x, [size], ax, [size], y, [size]);
      });
      return;
    case "sigmoid":
      withScratch(p, [size], ([d]) => {
        onePlusExpNegAbs(p, x, d, size);
        sigmoidFrom(p, x, d, y, size);
      });
      return;
    case "tanh":
      withScratch(p, [size, size], ([e, num]) => {
        p.unary("abs", x, e, size);
        p.binaryScalar("mul", e, -2, e, size);
        p.unary("exp", e, e, size);
        p.binaryScalar("sub", e, 1, num, size, true);
        p.binaryScalar("add", e, 1, e, size);
        p.binary("div", num, [size], e, [size], num, [size]);
        p.unary("sign", x, e, size);
        p.binary("mul", num, [size], e, [size], y, [size]);
      });
      return;
  }
}

/** Composite of `Backend.activationBackward`. */
export function activationBackward(
  p: PrimitiveBackend, kind: Activation, y: DataId, dy: DataId, dx: DataId, size: number, alpha = LEAKY_ALPHA,
): void {
  switch (kind) {
    case "relu":
    case "leakyRelu":
      withScratch(p, [2 * size], ([split]) => {
        splitByPositive(p, y, dy, split, size);
        if (kind === "relu") p.fill(split, 0, size);
        else p.binaryScalar("mul", split, alpha, split, size);
        p.reduce("sum", split, [2, size], [0], dx);
      });
      return;
    case "sigmoid":
      withScratch(p, [size], ([slope]) => {
        p.binaryScalar("sub", y, 1, slope, size, true);
        p.binary("mul", slope, [size], y, [size], slope, [size]);
        p.binary("mul", dy, [size], slope, [size], dx, [size]);
      });
      return;
    case "tanh":
      withScratch(p, [size], ([slope]) => {
        p.unary("square", y, slope, size);
        p.binaryScalar("sub", slope, 1, slope, size, true);
        p.binary("mul", dy, [size], slope, [size], dx, [size]);
      });
      return;
  }
}
