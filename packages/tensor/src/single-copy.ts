// This package holds process-wide state: the current backend, the seeded random generator and the
// memory accounting. A second copy of it (two versions installed side by side, or one version loaded
// once with `import` and once with `require`) has its own, and a backend set through one copy is
// silently not the one that layers built on the other copy use. So every copy registers itself under
// one global key that all copies share, and a second copy refuses to load, saying how to fix it.

// Set per build format by tsup.config.ts; undefined when the sources run directly (tests).
declare const __CHAINRULE_TENSOR_VERSION__: string | undefined;
declare const __CHAINRULE_TENSOR_FORMAT__: string | undefined;

/** One loaded copy of @chainrule/tensor, as the error message names it. */
export interface TensorCopy {
  readonly version: string;
  /** "ESM" or "CommonJS" for the built package, "source" for the repository's sources. */
  readonly format: string;
  /** Where the module was loaded from. */
  readonly url: string;
}

const KEY = Symbol.for("chainrule.tensor");

/**
 * The version of `@chainrule/tensor` that is loaded ("source" when running from the repository).
 *
 * @example
 * console.log(`@chainrule/tensor ${version}`); // "@chainrule/tensor 0.1.0"
 */
export const version: string = typeof __CHAINRULE_TENSOR_VERSION__ === "string" ? __CHAINRULE_TENSOR_VERSION__ : "source";

const thisCopy: TensorCopy = {
  version,
  format: typeof __CHAINRULE_TENSOR_FORMAT__ === "string" ? __CHAINRULE_TENSOR_FORMAT__ : "source",
  // A bundler may leave import.meta without a url.
  url: import.meta.url ?? "an unknown location",
};

function label(copy: TensorCopy): string {
  return `${copy.version} (${copy.format}, ${copy.url})`;
}

/** What went wrong and what to do, for a second copy `second` loaded after `first`. */
export function twoCopiesMessage(first: TensorCopy, second: TensorCopy): string {
  const fix =
    first.version === second.version && first.format !== second.format
      ? "Both are the same version, loaded once with import (ESM) and once with require (CommonJS): " +
        "load @chainrule/tensor and every @chainrule package that uses it the same way, all with import or all with require."
      : "Run `npm ls @chainrule/tensor` to see which packages brought each copy, make them agree on one version " +
        "(install that version of @chainrule/tensor yourself), then run `npm dedupe` (pnpm: `pnpm dedupe`; yarn: `yarn dedupe`) " +
        "so that one copy is left.";
  return (
    `Two copies of @chainrule/tensor are loaded in this process: ${label(first)} and ${label(second)}. ` +
    "Each copy has its own backend registry, random generator and memory accounting, so setBackend() through one " +
    `would not reach layers that use the other. ${fix}`
  );
}

/**
 * Records `copy` in `registry` under the key every copy of @chainrule/tensor shares, or throws the
 * two-copies error when another copy is there already.
 */
export function registerCopy(registry: Record<symbol, unknown>, copy: TensorCopy): void {
  const first = registry[KEY] as TensorCopy | undefined;
  if (first !== undefined && first !== copy) throw new Error(twoCopiesMessage(first, copy));
  registry[KEY] = copy;
}

registerCopy(globalThis as unknown as Record<symbol, unknown>, thisCopy);
