/**
 * A target the loss cannot use: a class index that is not an integer in [0, classes). The kernel
 * turns such a row's loss into NaN (so it can never count as some class); this error, raised when
 * the host looks at the targets behind a NaN loss, says which row and what value.
 *
 * @example
 * try { await fit(model, opts); } catch (e) { if (e instanceof TargetError) console.error(e.row, e.value); }
 */
export class TargetError extends RangeError {
  constructor(
    readonly loss: string,
    /** Position in the batch (0-based). */
    readonly row: number,
    readonly value: number,
    readonly classes: number,
    /** Where the batch came from, e.g. "step 12 (epoch 0)"; empty when unknown. */
    readonly where = "",
  ) {
    super(`${loss}: target ${value} at batch position ${row}${where ? ` (${where})` : ""} is not a class index: class indices must be integers in [0, ${classes})`);
    this.name = "TargetError";
  }
}
