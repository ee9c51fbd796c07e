import type { Harness } from "./harness.js";

const SPECIAL = [NaN, -Infinity, Infinity, -0, 0, 1, 1, 2, -1];

/** `size` values drawn from NaN, ±∞, ±0 and a few small integers (many ties), for comparison rules. */
export function specialValues(h: Harness, size: number): Float64Array {
  return Float64Array.from({ length: size }, () => SPECIAL[h.rng.int(SPECIAL.length)]);
}
