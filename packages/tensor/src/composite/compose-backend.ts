import type { Backend } from "../backend.js";
import { COMPOSITE_KERNELS, COMPOSITES, type CompositeKernel } from "./composites.js";
import { PRIMITIVE_KERNELS, type PrimitiveBackend } from "./primitives.js";

/**
 * A full Backend from primitives: methods `primitives` has are used as they are, every other
 * kernel runs as a composite of the primitives. Name, dtype and label are the primitives' own.
 *
 * @example
 * import { composeBackend, JsBackend, primitivesOf } from "@chainrule/tensor";
 * const backend = composeBackend(primitivesOf(new JsBackend()));
 * const x = backend.alloc(3), y = backend.alloc(3);
 * backend.write(x, [-1, 0, 2]);
 * backend.activation("relu", x, y, 3); // a composite: max(x, 0)
 * backend.readSync?.(y); // Float32Array [0, 0, 2]
 */
export function composeBackend(primitives: PrimitiveBackend & Partial<Backend>): Backend {
  const p = primitives;
  const missing = PRIMITIVE_KERNELS.filter((k) => typeof p[k] !== "function");
  if (missing.length > 0) throw new TypeError(`composeBackend: ${p.name} lacks the primitive kernels ${missing.join(", ")}`);
  const methods: Record<string, unknown> = { name: p.name, dtype: p.dtype, label: p.label };
  for (const k of PRIMITIVE_KERNELS) methods[k] = p[k].bind(p);
  if (typeof p.readSync === "function") methods.readSync = p.readSync.bind(p);
  for (const k of COMPOSITE_KERNELS) methods[k] = typeof p[k] === "function" ? p[k].bind(p) : compositeOn(p, k);
  // the two lists together are every method of Backend (CompositeKernel is the rest of keyof Backend)
  return methods as unknown as Backend;
}

/** Kernel k as a composite running on p. */
function compositeOn<K extends CompositeKernel>(p: PrimitiveBackend, k: K): (...args: Parameters<Backend[K]>) => void {
  const composite: (p: PrimitiveBackend, ...args: Parameters<Backend[K]>) => void = COMPOSITES[k];
  return (...args) => composite(p, ...args);
}
