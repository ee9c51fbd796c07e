// argmax along one axis, one thread per output: x seen as [outer, len, inner]. The first element
// of a line starts as its maximum and a later one takes over only when strictly greater, so ties
// keep the first index and a NaN never takes over (and stays, when it comes first): the rule the
// composites of @chainrule/tensor build their comparisons on.
import { sizeOf, type Shape } from "@chainrule/tensor";
import type { Dispatcher } from "../dispatcher.js";
import { groupsFor, perElement, type Shader } from "../shader.js";

const ARGMAX: Shader = {
  key: "argmax",
  params: [["n", "u32"], ["len", "u32"], ["inner", "u32"]],
  buffers: [{ name: "x", access: "read" }, { name: "out", access: "read_write" }],
  code: perElement(`  let base = (i / p.inner) * p.len * p.inner + i % p.inner;
  var best = 0u;
  var top = x_at(base);
  for (var t = 1u; t < p.len; t++) {
    let v = x_at(base + t * p.inner);
    if (v > top) {
      top = v;
      best = t;
    }
  }
  out[i] = f32(best);`),
};

/** Index of the first maximum of x (of `shape`) along `axis`, as a number. */
export function argmax(gpu: Dispatcher, x: GPUBuffer, shape: Shape, axis: number, out: GPUBuffer): void {
  const inner = sizeOf(shape.slice(axis + 1));
  const n = sizeOf(shape.slice(0, axis)) * inner;
  gpu.run("argmax", ARGMAX, [n, shape[axis], inner], [x, out], groupsFor(n));
}
