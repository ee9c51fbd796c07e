import { UsageError } from "./errors.js";

// Plain decimal only. JavaScript's Number() also reads '0x10', '0b11', '1e3' as an integer,
// 'Infinity', '' and ' 5 ', so a typo would silently become some other number.
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A whole number written in decimal digits, from `min` to `max`; anything else is a
 * {@link UsageError} naming the flag, what it takes and what it got.
 *
 * @example
 * parseInteger("--epochs", "3", 1, 1000); // 3
 * parseInteger("--epochs", "1e3", 1, 1000); // UsageError: --epochs: expected an integer from 1 to 1000, got '1e3'
 */
export function parseInteger(flag: string, value: string, min: number, max: number): number {
  const n = INTEGER.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`${flag}: expected an integer from ${min} to ${max}, got '${value}'`);
  return n || 0; // '-0' is 0
}

/**
 * A finite number in decimal notation (an exponent allowed: '1e-3') that `accepts` takes;
 * `expected` says which in the error, e.g. "a positive number".
 *
 * @example
 * parseDecimal("--lr", "0.01", (n) => n > 0, "a positive number"); // 0.01
 * parseDecimal("--lr", "0x10", (n) => n > 0, "a positive number"); // UsageError: --lr: expected a positive number, got '0x10'
 */
export function parseDecimal(flag: string, value: string, accepts: (n: number) => boolean, expected: string): number {
  const n = DECIMAL.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n) || !accepts(n)) throw new UsageError(`${flag}: expected ${expected}, got '${value}'`);
  return n || 0;
}
