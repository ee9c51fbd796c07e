// Checks shared by a family of kernels (elementwise, losses, batch norm, pooling, broadcasting and
// reductions), each named for what it vets. Like the primitive checks, they allocate nothing
// unless they throw.
import type { DataId, Pool2dGeometry } from "../backend.js";
import type { Shape } from "../shape.js";
import { checkAxis, checkCount, checkHolds, checkHoldsIfGiven, refuse, type StorageProbe } from "./argument-checks.js";
import type { KernelName } from "./kernel-name.js";
import { checkPoolGeometry } from "./window-checks.js";

/** Elements of `shape` with the sorted unique `axes` removed, after checking the axes. */
export function checkReducedSize(p: StorageProbe, shape: Shape, axes: readonly number[]): number {
  for (let i = 0; i < axes.length; i++) {
    checkAxis(p, "reduce", axes[i], shape.length);
    if (i > 0 && axes[i] <= axes[i - 1]) refuseAxes(p, axes);
  }
  let kept = 1;
  for (let i = 0, d = 0; d < shape.length; d++) {
    if (i < axes.length && axes[i] === d) i++;
    else kept *= shape[d];
  }
  return kept;
}

/** outShape is the broadcast of aShape and bShape (NumPy rules: aligned from the right, 1 stretches). */
export function checkBroadcast(p: StorageProbe, aShape: Shape, bShape: Shape, outShape: Shape): void {
  const rank = outShape.length;
  let ok = rank === Math.max(aShape.length, bShape.length);
  for (let i = 1; ok && i <= rank; i++) {
    const da = i <= aShape.length ? aShape[aShape.length - i] : 1;
    const db = i <= bShape.length ? bShape[bShape.length - i] : 1;
    const d = outShape[rank - i];
    ok = (da === d || da === 1) && (db === d || db === 1) && (da === d || db === d);
  }
  if (!ok) refuseBroadcast(p, aShape, bShape, outShape);
}

/** out may be an operand only when that operand is not broadcast: out[i] then reads only element i of it. */
export function checkBinaryInPlace(p: StorageProbe, operand: "a" | "b", id: DataId, size: number, out: DataId, outSize: number): void {
  if (id === out && size !== outSize) refuseBroadcastInPlace(p, operand, size, outSize);
}

/** A statistic written into out[index] from size elements of x. */
export function checkStat(p: StorageProbe, kernel: KernelName, x: DataId, size: number, out: DataId, index: number): void {
  checkCount(p, kernel, "size", size);
  checkCount(p, kernel, "index", index);
  checkHolds(p, kernel, "x", x, size);
  checkHolds(p, kernel, "out", out, index + 1);
}

/** Elementwise: size elements of each buffer. */
export function checkElementwise(p: StorageProbe, kernel: KernelName, size: number, x: DataId, xName: string, y: DataId, yName: string): void {
  checkCount(p, kernel, "size", size);
  checkHolds(p, kernel, xName, x, size);
  checkHolds(p, kernel, yName, y, size);
}

/** A fused loss over size elements: loss[0] and an optional gradient of size elements. */
export function checkLoss(
  p: StorageProbe, kernel: KernelName, size: number, pred: DataId, predName: string, targets: DataId, loss: DataId,
  grad: DataId | null, gradName: string,
): void {
  checkElementwise(p, kernel, size, pred, predName, targets, "targets");
  checkHolds(p, kernel, "loss", loss, 1);
  checkHoldsIfGiven(p, kernel, gradName, grad, size);
}

/** Row-wise softmax: rows·cols elements in and out. */
export function checkRows(p: StorageProbe, kernel: KernelName, x: DataId, out: DataId, rows: number, cols: number): void {
  checkCount(p, kernel, "rows", rows);
  checkCount(p, kernel, "cols", cols);
  checkHolds(p, kernel, "x", x, rows * cols);
  checkHolds(p, kernel, "out", out, rows * cols);
}

/** Batch norm's [rows, cols] buffers. */
export function checkMatrix(p: StorageProbe, kernel: KernelName, rows: number, cols: number, a: DataId, aName: string, b: DataId, bName: string): void {
  checkCount(p, kernel, "rows", rows);
  checkCount(p, kernel, "cols", cols);
  checkHolds(p, kernel, aName, a, rows * cols);
  checkHolds(p, kernel, bName, b, rows * cols);
}

/** Three per-column buffers of batch norm. */
export function checkColumns(
  p: StorageProbe, kernel: KernelName, cols: number, a: DataId, aName: string, b: DataId, bName: string, c: DataId, cName: string,
): void {
  checkHolds(p, kernel, aName, a, cols);
  checkHolds(p, kernel, bName, b, cols);
  checkHolds(p, kernel, cName, c, cols);
}

/** A pooling pass: the geometry, an input-image buffer and an output-image buffer. */
export function checkPool(p: StorageProbe, kernel: KernelName, g: Pool2dGeometry, image: DataId, imageName: string, pooled: DataId, pooledName: string): void {
  checkPoolGeometry(p, kernel, g);
  checkHolds(p, kernel, imageName, image, g.batch * g.inH * g.inW * g.channels);
  checkHolds(p, kernel, pooledName, pooled, g.batch * g.outH * g.outW * g.channels);
}

// The messages, apart so that the checks above stay small enough to inline (see argument-checks.ts).

function refuseAxes(p: StorageProbe, axes: readonly number[]): never {
  refuse(p, "reduce", `axes [${axes.join(", ")}] must be sorted and unique`);
}

function refuseBroadcast(p: StorageProbe, aShape: Shape, bShape: Shape, outShape: Shape): never {
  refuse(p, "binary", `outShape [${outShape.join(", ")}] is not the broadcast of aShape [${aShape.join(", ")}] and bShape [${bShape.join(", ")}]`);
}

function refuseBroadcastInPlace(p: StorageProbe, operand: "a" | "b", size: number, outSize: number): never {
  refuse(p, "binary", `out is ${operand}, which is broadcast (${size} elements to ${outSize}): give out its own storage`);
}
