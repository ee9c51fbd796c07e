import type { Tensor } from "@chainrule/tensor";

/**
 * Throws a TypeError unless `value` is a Tensor, naming the call and what it got: a plain array or
 * a typed array handed to `forward` would otherwise fail deep inside with "reading 'slice'".
 * A tensor is recognised by its fields, as `tidy` does, so one from a second copy of the package
 * is not rejected under a misleading name.
 *
 * @example
 * assertTensor("Sequential.forward", x); // "Sequential.forward expects a Tensor; got an Array: make one with tensor(values, shape)"
 */
export function assertTensor(where: string, value: unknown): asserts value is Tensor {
  if (typeof value === "object" && value !== null && "dataId" in value && "shape" in value) return;
  throw new TypeError(`${where} expects a Tensor; got ${describe(value)}: make one with tensor(values, shape)`);
}

/** "an Array", "a Float32Array", "a number", "null". */
function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  const kind = typeof value === "object" ? (value.constructor?.name ?? "object") : typeof value;
  return `${/^[aeiou]/i.test(kind) ? "an" : "a"} ${kind}`;
}
