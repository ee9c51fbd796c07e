import { linearTicks, logTicks, tickLabels } from "./ticks.js";

/** One axis of a chart: where a data value lands in pixels, and the labelled ticks. */
export interface AxisScale {
  /** Pixel of a data value, clamped to the axis ends; NaN for a value the axis cannot show (≤ 0 on a log axis, NaN). */
  px(v: number): number;
  /** Pixels of the ticks. */
  tickPx: number[];
  tickLabels: string[];
}

/**
 * A linear or log10 axis over the finite `values` (or over `range`, in data units, when given)
 * drawn from pixel `from` to pixel `to` (`to` < `from` for an upward y axis).
 *
 * @example
 * const y = axisScale([0.1, 2.3], { log: true, from: 236, to: 36 }); y.px(1); // about 121
 */
export function axisScale(values: readonly number[], o: { log?: boolean; range?: readonly [number, number]; from: number; to: number }): AxisScale {
  const unit = o.log ? Math.log10 : (v: number) => v;
  const units = (o.range ?? values).map(unit).filter(Number.isFinite);
  let [lo, hi] = [Math.min(...units), Math.max(...units)];
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const place = (u: number) => o.from + ((u - lo) / (hi - lo)) * (o.to - o.from);
  const at = o.log ? logTicks(lo, hi) : linearTicks(lo, hi);
  return {
    px: (v) => {
      const u = unit(v);
      return Number.isFinite(u) ? place(Math.min(hi, Math.max(lo, u))) : NaN;
    },
    tickPx: at.map(place),
    tickLabels: tickLabels(at, o.log ?? false),
  };
}
