/**
 * Checks one hyperparameter and returns it: `value` must be a finite number within [min, max],
 * or strictly below max when `openMax`. The error names the optimizer and the option.
 *
 * @example
 * const momentum = checkOption("SGD", "momentum", opts.momentum ?? 0, 0, 1, true);
 */
export function checkOption(owner: string, option: string, value: number, min: number, max = Infinity, openMax = false): number {
  const ok = Number.isFinite(value) && value >= min && (openMax ? value < max : value <= max);
  if (!ok) {
    const range = max === Infinity ? `≥ ${min}` : `in [${min}, ${max}${openMax ? ")" : "]"}`;
    throw new RangeError(`${owner}: ${option} must be ${range}, got ${value}`);
  }
  return value;
}

/**
 * Checks that `value` is a finite number > 0 and returns it; the error names the owner and the option.
 *
 * @example
 * const decaySteps = checkPositive("exponentialDecay", "decaySteps", opts.decaySteps ?? 1);
 */
export function checkPositive(owner: string, option: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`${owner}: ${option} must be > 0, got ${value}`);
  return value;
}
