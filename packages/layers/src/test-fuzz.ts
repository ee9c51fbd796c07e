// Test helper (not exported by the package): the wild values and the one rule the model-file
// property tests share: a file either loads or is refused with a ModelFileError naming it.
import fc from "fast-check";
import { expect } from "vitest";
import { ModelFileError } from "./model-file-error.js";

/** JSON cannot write Infinity, but `1e400` in a file parses to it: this string stands for that text. */
const HUGE = "<1e400>";

/** Numbers a corrupt or hostile file may hold where a dimension or option belongs. */
export const wildNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -3, max: 12 }),
  fc.constantFrom(0, -1, 0.5, 1e9, 2 ** 31, 2 ** 32 + 1, 2 ** 53, 2 ** 53 + 2, 1e21, 1e308, HUGE),
  fc.double(),
);

/** Any JSON value a field may hold instead of the one expected. */
export const wild: fc.Arbitrary<unknown> = fc.oneof(
  wildNumber,
  fc.string({ maxLength: 4 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(wildNumber, { maxLength: 3 }),
  fc.constant({}),
);

/** `value` as JSON text, with {@link HUGE} written as 1e400. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value).replaceAll(`"${HUGE}"`, "1e400");
}

/** Fixed seeds and run counts, so a failure reproduces and the suite stays fast. */
export const runs = (seed: number, numRuns: number) => ({ seed, numRuns, endOnFailure: true });

/**
 * Runs `load`, which must finish within `ms` and either return (its result) or throw a
 * ModelFileError naming `source`; anything else thrown fails the test with that error.
 */
export function loadsOrRefuses<T>(source: string, load: () => T, ms = 1000): T | undefined {
  const start = performance.now();
  try {
    return load();
  } catch (e) {
    if (!(e instanceof ModelFileError)) throw e;
    expect(e.source).toBe(source);
    return undefined;
  } finally {
    expect(performance.now() - start).toBeLessThan(ms);
  }
}
