import { conv2dGeometry, pool2dGeometry, type WindowOptions } from "../geometry.js";
import { ShapeError } from "../shape.js";
import { empty, type Tensor } from "../tensor.js";
import { backendOf } from "./check.js";

/**
 * Options of {@link matmul}.
 *
 * @example
 * matmul(dy, w, { transposeB: true } satisfies MatmulOptions); // dy·Wᵀ
 */
export interface MatmulOptions {
  transposeA?: boolean;
  transposeB?: boolean;
  bias?: Tensor;
}

/**
 * Matrix product of 2-D tensors, optionally transposed, with an optional bias row added.
 *
 * @example
 * matmul(x, w, { bias: b }); // [batch, in] x [in, out] + [out]
 */
export function matmul(a: Tensor, b: Tensor, opts: MatmulOptions = {}): Tensor {
  const backend = backendOf("matmul", a, b, ...(opts.bias ? [opts.bias] : []));
  if (a.rank !== 2 || b.rank !== 2) throw new ShapeError("matmul", "two matrices (rank 2)", [a.shape, b.shape]);
  const [m, ka] = opts.transposeA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [kb, n] = opts.transposeB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  if (ka !== kb) throw new ShapeError("matmul", "[m, k] x [k, n]", [a.shape, b.shape], `inner dimensions ${ka} and ${kb} differ`);
  if (opts.bias && (opts.bias.size !== n || opts.bias.rank !== 1)) throw new ShapeError("matmul bias", `[${n}]`, opts.bias.shape);
  const out = empty([m, n], backend);
  backend.matmul(a.dataId, b.dataId, out.dataId, {
    m, n, k: ka, transA: opts.transposeA, transB: opts.transposeB, bias: opts.bias?.dataId ?? null,
  });
  return out;
}

function rows(op: string, x: Tensor): [number, number] {
  if (x.rank < 1) throw new ShapeError(op, "at least one axis", x.shape);
  const cols = x.shape[x.rank - 1];
  return [cols === 0 ? 0 : x.size / cols, cols];
}

/** Softmax over the last axis. @example softmax(logits) */
export function softmax(x: Tensor): Tensor {
  const [r, c] = rows("softmax", x);
  const out = empty(x.shape, x.backend);
  x.backend.softmax(x.dataId, out.dataId, r, c);
  return out;
}

/** Log-softmax over the last axis. @example logSoftmax(logits) */
export function logSoftmax(x: Tensor): Tensor {
  const [r, c] = rows("logSoftmax", x);
  const out = empty(x.shape, x.backend);
  x.backend.logSoftmax(x.dataId, out.dataId, r, c);
  return out;
}

/**
 * 2-D convolution of NHWC `x` with an HWIO filter, optional bias per output channel.
 *
 * @example
 * conv2d(x, w, { stride: 2, padding: "same" });
 */
export function conv2d(x: Tensor, w: Tensor, opts: WindowOptions & { bias?: Tensor } = {}): Tensor {
  const backend = backendOf("conv2d", x, w, ...(opts.bias ? [opts.bias] : []));
  const g = conv2dGeometry(x.shape, w.shape, opts);
  if (opts.bias && (opts.bias.size !== g.outC || opts.bias.rank !== 1)) throw new ShapeError("conv2d bias", `[${g.outC}]`, opts.bias.shape);
  const out = empty([g.batch, g.outH, g.outW, g.outC], backend);
  backend.conv2d(x.dataId, w.dataId, opts.bias?.dataId ?? null, out.dataId, g);
  return out;
}

/** Max pooling over NHWC windows of `size` (stride = size by default). @example maxPool2d(x, 2) */
export function maxPool2d(x: Tensor, size: number | readonly [number, number] = 2, opts: WindowOptions = {}): Tensor {
  const g = pool2dGeometry(x.shape, size, opts, "maxPool2d");
  const out = empty([g.batch, g.outH, g.outW, g.channels], x.backend);
  x.backend.maxPool(x.dataId, out.dataId, g);
  return out;
}

/** Average pooling over NHWC windows of `size`. @example avgPool2d(x, 2) */
export function avgPool2d(x: Tensor, size: number | readonly [number, number] = 2, opts: WindowOptions = {}): Tensor {
  const g = pool2dGeometry(x.shape, size, opts, "avgPool2d");
  const out = empty([g.batch, g.outH, g.outW, g.channels], x.backend);
  x.backend.avgPool(x.dataId, out.dataId, g);
  return out;
}
