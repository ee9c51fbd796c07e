/**
 * A tensor's dimensions, outermost first (row-major).
 *
 * @example
 * const mnistBatch: Shape = [64, 28, 28, 1];
 */
export type Shape = readonly number[];

/**
 * Thrown when an op or layer receives a tensor of the wrong shape. The message names the op,
 * the shape it expected, the shape it got and, where one helps, a hint.
 *
 * @example
 * throw new ShapeError("matmul", "[m, k] x [k, n]", [2, 3], "inner dimensions 3 and 4 differ");
 */
export class ShapeError extends Error {
  constructor(
    readonly op: string,
    readonly expected: string,
    readonly actual: Shape | readonly Shape[],
    readonly hint?: string,
  ) {
    const got = Array.isArray(actual[0]) ? (actual as readonly Shape[]).map(formatShape).join(" and ") : formatShape(actual as Shape);
    super(`${op} expects ${expected} but got ${got}${hint ? `; ${hint}` : ""}`);
    this.name = "ShapeError";
  }
}

/**
 * A shape as error messages write it.
 *
 * @example
 * formatShape([64, 28, 28, 1]); // "[64, 28, 28, 1]"
 */
export function formatShape(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

/**
 * Number of elements of a shape (1 for a scalar).
 *
 * @example
 * sizeOf([64, 28, 28, 1]); // 50176
 */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Row-major strides: strides[i] is the distance between neighbours along axis i.
 *
 * @example
 * stridesOf([2, 3, 4]); // [12, 4, 1]
 */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/**
 * True when both shapes have the same rank and dimensions.
 *
 * @example
 * shapesEqual(x.shape, [64, 784]);
 */
export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Checks a shape is a list of non-negative integers; `op` names the caller in the error.
 *
 * @example
 * assertValidShape("zeros", [2, -1]); // throws ShapeError: zeros expects non-negative integer dimensions but got [2, -1]
 */
export function assertValidShape(op: string, shape: Shape): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(op, "non-negative integer dimensions", shape);
    }
  }
}

/**
 * NumPy broadcasting: align trailing axes; each pair of dimensions must be equal or one of them 1.
 *
 * @example
 * broadcastShapes("add", [64, 10], [10]); // [64, 10]
 */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(op, "shapes that broadcast (equal dimensions or 1, aligned from the right)", [a, b], `axis ${i} has ${da} and ${db}`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Resolves negative axes and checks range; returns sorted unique axes (all axes when undefined).
 *
 * @example
 * normalizeAxes("sum", [2, 3, 4], [-1, 0]); // [0, 2]
 */
export function normalizeAxes(op: string, shape: Shape, axes: number | readonly number[] | undefined): number[] {
  if (axes === undefined) return shape.map((_, i) => i);
  const list = typeof axes === "number" ? [axes] : axes;
  const out = new Set<number>();
  for (const a of list) {
    const ax = a < 0 ? a + shape.length : a;
    if (!Number.isInteger(ax) || ax < 0 || ax >= shape.length) {
      throw new ShapeError(op, `axes within [-${shape.length}, ${shape.length - 1}]`, shape, `axis ${a} is out of range`);
    }
    out.add(ax);
  }
  return [...out].sort((x, y) => x - y);
}
