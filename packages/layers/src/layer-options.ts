// Checks of constructor options that plain TypeScript types cannot make: options also arrive as
// JSON from model files, where any value can stand anywhere.

/**
 * A value as an option error shows it: numbers as written, anything else as JSON (`"0.5"` keeps its
 * quotes, so a string where a number belongs is visible).
 *
 * @example
 * showValue("0.5"); // '"0.5"'
 */
export function showValue(v: unknown): string {
  return typeof v === "number" ? String(v) : JSON.stringify(v) ?? String(v);
}

/**
 * The `useBias` option of Dense and Conv2D: true when not given, else it must be a boolean (a
 * model file could hold anything there, and any truthy value would silently add a bias).
 *
 * @example
 * checkedUseBias("Dense", undefined); // true
 */
export function checkedUseBias(type: string, useBias: unknown): boolean {
  if (useBias !== undefined && typeof useBias !== "boolean") throw new TypeError(`${type}: useBias must be true or false, got ${showValue(useBias)}`);
  return useBias ?? true;
}
