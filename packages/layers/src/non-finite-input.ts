import type { Tensor } from "@chainrule/tensor";

/**
 * A model's output was not finite because an input row holds NaN or ±Infinity (a corrupt image, a
 * division by zero in preprocessing). Names the first such row and element; `rows` lists them all.
 *
 * @example
 * try { predict(model, x); } catch (e) { if (e instanceof NonFiniteInputError) console.error(e.rows); }
 */
export class NonFiniteInputError extends RangeError {
  constructor(
    /** Rows (batch positions, 0-based) holding a value that is not finite. */
    readonly rows: readonly number[],
    /** Element (flat index within the row) and value of the first bad one in the first bad row. */
    readonly element: number,
    readonly value: number,
    /** Where the batch came from, e.g. "predict" or "evaluate, batch 3". */
    readonly where: string,
  ) {
    const more = rows.length > 1 ? ` (${rows.length} rows in all: ${rows.slice(0, 8).join(", ")}${rows.length > 8 ? ", …" : ""})` : "";
    super(`${where}: input row ${rows[0]} holds ${value} at element ${element}${more}, so the model's output for it is not finite; clean or drop that input`);
    this.name = "NonFiniteInputError";
  }
}

/**
 * Throws a {@link NonFiniteInputError} when a row of `values`, read from a tensor shaped like `x`
 * (rows along the first axis), holds a value that is not finite.
 *
 * @example
 * if (!Number.isFinite(loss)) checkRowsFinite(await x.data(), x, "evaluate, batch 3");
 */
export function checkRowsFinite(values: ArrayLike<number>, x: Tensor, where: string): void {
  const rows = x.shape[0] ?? 1;
  const width = rows > 0 ? x.size / rows : 0;
  const bad: number[] = [];
  let element = -1;
  let value = 0;
  for (let r = 0; r < rows; r++) {
    for (let i = r * width; i < (r + 1) * width; i++) {
      if (Number.isFinite(values[i])) continue;
      if (bad.length === 0) [element, value] = [i - r * width, values[i]];
      bad.push(r);
      break;
    }
  }
  if (bad.length > 0) throw new NonFiniteInputError(bad, element, value, where);
}
