/**
 * Up to about 5 round tick values (1, 2 or 5 times a power of ten apart) covering [lo, hi].
 *
 * @example
 * linearTicks(0, 1); // [0, 0.2, 0.4, 0.6, 0.8, 1]
 */
export function linearTicks(lo: number, hi: number): number[] {
  const span = hi - lo || 1;
  const mag = 10 ** Math.floor(Math.log10(span / 5));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= 5) as number;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

/** Most whole decades a log axis labels; over more, it labels every second, third, … decade. */
const MAX_DECADE_TICKS = 8;

/**
 * Ticks of a log10 axis spanning [lo, hi], both in log10 units: whole decades when it spans more
 * than 3 (every k-th decade when there would be more than 8), 1 and 3 per decade over 1–3, 1-2-5
 * below; linear ticks when that gives fewer than 2.
 *
 * @example
 * logTicks(-4, 1); // [-4, -3, -2, -1, 0, 1]   (1e-4 … 10)
 */
export function logTicks(lo: number, hi: number): number[] {
  const mantissas = hi - lo > 3 ? [1] : hi - lo > 1 ? [1, 3] : [1, 2, 5];
  const every = Math.max(1, Math.ceil((hi - lo) / MAX_DECADE_TICKS));
  const out: number[] = [];
  for (let d = Math.ceil(Math.floor(lo) / every) * every; d <= Math.ceil(hi); d += every) {
    for (const m of mantissas) {
      const t = d + Math.log10(m);
      if (t >= lo - 1e-9 && t <= hi + 1e-9) out.push(t);
    }
  }
  return out.length >= 2 ? out : linearTicks(lo, hi);
}

/**
 * A number in at most `digits` significant digits; exponent form outside [1e-3, 1e4).
 *
 * @example
 * formatNumber(0.000125); // "1.25e-4"
 */
export function formatNumber(v: number, digits = 3): string {
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(digits - 3) : String(Number(v.toPrecision(digits)));
}

/**
 * Labels of ticks at `at` (log10 units when `log`, which labels 10^t): the fewest digits, from 3,
 * that tell neighbouring ticks apart.
 *
 * @example
 * tickLabels([0, 1, 2], true); // ["1", "10", "100"]
 */
export function tickLabels(at: readonly number[], log: boolean): string[] {
  const label = (t: number, digits: number) => formatNumber(log ? 10 ** t : t, digits);
  let digits = 3;
  while (digits < 7 && new Set(at.map((t) => label(t, digits))).size < at.length) digits++;
  return at.map((t) => label(t, digits));
}
