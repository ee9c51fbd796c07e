import type { Conv2dGeometry, Pool2dGeometry } from "./backend.js";
import { ShapeError, type Shape } from "./shape.js";

/**
 * Padding of a 2-D window op: `valid` (no padding), `same` (output = ceil(input / stride), the extra
 * row or column going to the bottom / right as in TF), or an explicit number of zeros on each side.
 *
 * @example
 * conv2d(x, w, { padding: "same" satisfies Padding });
 */
export type Padding = "valid" | "same" | number;

/**
 * Window options shared by convolution and pooling.
 *
 * @example
 * maxPool2d(x, 3, { stride: 2, padding: "same" } satisfies WindowOptions);
 */
export interface WindowOptions {
  stride?: number | readonly [number, number];
  padding?: Padding;
}

function pair(v: number | readonly [number, number] | undefined, dflt: number): [number, number] {
  if (v === undefined) return [dflt, dflt];
  return typeof v === "number" ? [v, v] : [v[0], v[1]];
}

/** Output size and leading padding along one axis. */
function axisGeometry(op: string, input: number, k: number, stride: number, padding: Padding): { out: number; padBefore: number } {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`${op}: window size must be a positive integer, got ${k}`);
  if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`${op}: stride must be a positive integer, got ${stride}`);
  if (padding === "same") {
    const out = Math.ceil(input / stride);
    const total = Math.max((out - 1) * stride + k - input, 0);
    return { out, padBefore: Math.floor(total / 2) };
  }
  const pad = padding === "valid" ? 0 : padding;
  if (!Number.isInteger(pad) || pad < 0) throw new RangeError(`${op}: padding must be 'valid', 'same' or a non-negative integer, got ${padding}`);
  const out = Math.floor((input + 2 * pad - k) / stride) + 1;
  return { out, padBefore: pad };
}

/**
 * Geometry of conv2d for an NHWC input [batch, h, w, inC] and an HWIO filter [kH, kW, inC, outC].
 *
 * @example
 * conv2dGeometry([64, 28, 28, 1], [5, 5, 1, 8], { padding: "valid" }).outH; // 24
 */
export function conv2dGeometry(xShape: Shape, wShape: Shape, opts: WindowOptions = {}, op = "conv2d"): Conv2dGeometry {
  if (xShape.length !== 4) throw new ShapeError(op, "an NHWC input [batch, height, width, channels]", xShape, "add a channel axis, e.g. Reshape to [28, 28, 1]");
  if (wShape.length !== 4) throw new ShapeError(op, "an HWIO filter [kH, kW, inC, outC]", wShape);
  const [batch, inH, inW, inC] = xShape;
  const [kH, kW, wInC, outC] = wShape;
  if (wInC !== inC) throw new ShapeError(op, `a filter with ${inC} input channels`, wShape, `the input has ${inC} channels`);
  const [strideH, strideW] = pair(opts.stride, 1);
  const padding = opts.padding ?? "valid";
  const h = axisGeometry(op, inH, kH, strideH, padding);
  const w = axisGeometry(op, inW, kW, strideW, padding);
  if (h.out < 1 || w.out < 1) {
    throw new ShapeError(op, `an input of at least ${kH}x${kW} pixels for a ${kH}x${kW} kernel`, xShape, "use padding 'same' or a smaller kernel");
  }
  return { batch, inH, inW, inC, outH: h.out, outW: w.out, outC, kH, kW, strideH, strideW, padTop: h.padBefore, padLeft: w.padBefore };
}

/**
 * Geometry of 2-D pooling over an NHWC input. The stride defaults to the window size.
 *
 * @example
 * pool2dGeometry([64, 24, 24, 8], 2).outH; // 12
 */
export function pool2dGeometry(xShape: Shape, size: number | readonly [number, number], opts: WindowOptions = {}, op = "pool2d"): Pool2dGeometry {
  if (xShape.length !== 4) throw new ShapeError(op, "an NHWC input [batch, height, width, channels]", xShape);
  const [batch, inH, inW, channels] = xShape;
  const [kH, kW] = pair(size, 2);
  const [strideH, strideW] = opts.stride === undefined ? [kH, kW] : pair(opts.stride, 1);
  const padding = opts.padding ?? "valid";
  const h = axisGeometry(op, inH, kH, strideH, padding);
  const w = axisGeometry(op, inW, kW, strideW, padding);
  if (h.out < 1 || w.out < 1) throw new ShapeError(op, `an input of at least ${kH}x${kW} pixels`, xShape);
  return { batch, inH, inW, channels, outH: h.out, outW: w.out, kH, kW, strideH, strideW, padTop: h.padBefore, padLeft: w.padBefore };
}
