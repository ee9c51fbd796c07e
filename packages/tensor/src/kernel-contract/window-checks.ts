// Geometry of convolution and pooling. Every field is an integer ≥ 0, strides and window sizes are
// ≥ 1, and the output size along each axis is a count of windows that fit the padded input, so
// no kernel reads past what `conv2dGeometry` / `pool2dGeometry` would describe.
import type { Conv2dGeometry, Pool2dGeometry } from "../backend.js";
import { checkCount, checkPositive, refuse, type StorageProbe } from "./argument-checks.js";
import type { KernelName } from "./kernel-name.js";

/** Windows of size k, `stride` apart, that fit in `cells` cells: ⌊(cells − k) / stride⌋ + 1, or 0. */
function windowsThatFit(cells: number, k: number, stride: number): number {
  return cells < k ? 0 : Math.floor((cells - k) / stride) + 1;
}

/**
 * `out` windows along one axis must be what fits in the input padded by `pad` cells before and by
 * `after` cells after, for some `after` from 0 to pad + 1: explicit padding puts pad after,
 * `same` puts pad or pad + 1 (TF gives the odd cell to the end), and `valid` or a stride may
 * leave cells after the last window unread. A larger out would place windows wholly in padding
 * (pooling over no cells); a smaller one is not what any geometry helper makes.
 */
function checkFit(p: StorageProbe, kernel: KernelName, axis: "H" | "W", inSize: number, out: number, k: number, stride: number, pad: number): void {
  // without dividing (every conv and pool call passes here): window out + 1 does not fit after
  // no padding, and window out (the last) fits after pad + 1
  const fits = out * stride + k > inSize + pad && (out === 0 || (out - 1) * stride + k <= inSize + 2 * pad + 1);
  if (!fits) refuseFit(p, kernel, axis, inSize, out, k, stride, pad);
}

/** The error of {@link checkFit}, apart so that the check stays small enough to inline. */
function refuseFit(p: StorageProbe, kernel: KernelName, axis: "H" | "W", inSize: number, out: number, k: number, stride: number, pad: number): never {
  const lo = windowsThatFit(inSize + pad, k, stride), hi = windowsThatFit(inSize + 2 * pad + 1, k, stride);
  refuse(p, kernel, `out${axis} ${out} does not fit in${axis} ${inSize}, k${axis} ${k}, stride${axis} ${stride}, ${axis === "H" ? "padTop" : "padLeft"} ${pad}: ` +
    (lo === hi ? `${lo} windows fit` : `${lo} to ${hi} windows fit`));
}

/** The fields conv and pooling share: image and output sizes, window, strides and padding. */
function checkWindows(p: StorageProbe, kernel: KernelName, g: Conv2dGeometry | Pool2dGeometry): void {
  checkCount(p, kernel, "batch", g.batch);
  checkCount(p, kernel, "inH", g.inH);
  checkCount(p, kernel, "inW", g.inW);
  checkCount(p, kernel, "outH", g.outH);
  checkCount(p, kernel, "outW", g.outW);
  checkCount(p, kernel, "padTop", g.padTop);
  checkCount(p, kernel, "padLeft", g.padLeft);
  checkPositive(p, kernel, "kH", g.kH);
  checkPositive(p, kernel, "kW", g.kW);
  checkPositive(p, kernel, "strideH", g.strideH);
  checkPositive(p, kernel, "strideW", g.strideW);
  checkFit(p, kernel, "H", g.inH, g.outH, g.kH, g.strideH, g.padTop);
  checkFit(p, kernel, "W", g.inW, g.outW, g.kW, g.strideW, g.padLeft);
}

/** Checks a {@link Conv2dGeometry}; throws a RangeError naming the backend, the kernel and the field. */
export function checkConvGeometry(p: StorageProbe, kernel: KernelName, g: Conv2dGeometry): void {
  checkWindows(p, kernel, g);
  checkCount(p, kernel, "inC", g.inC);
  checkCount(p, kernel, "outC", g.outC);
}

/** Checks a {@link Pool2dGeometry}; throws a RangeError naming the backend, the kernel and the field. */
export function checkPoolGeometry(p: StorageProbe, kernel: KernelName, g: Pool2dGeometry): void {
  checkWindows(p, kernel, g);
  checkCount(p, kernel, "channels", g.channels);
}
