// Reductions over any sorted set of axes. The shape is first merged into the fewest dims (adjacent
// kept axes into one, adjacent reduced axes into one), so a bias gradient [batch·H·W, C] over axis
// 0 is one kept and one reduced dim. One workgroup reduces one output: output o starts at the
// offset of its index split over the kept dims, each thread folds every 64th of its count values
// (their index split over the reduced dims), and the 64 partial results are folded in a tree.
// max and min fold with the JS backend's rule, so a NaN anywhere gives NaN.
import { mergeDims, reducedStrides, stridesOf, type ReduceOp, type Shape } from "@chainrule/tensor";
import type { Dispatcher } from "../dispatcher.js";
import { entryPoint, memoized, type ParamType, type Shader } from "../shader.js";
import { WGSL_MATH } from "./wgsl-math.js";

const THREADS = 64;
/** What an output holds before any value is folded in: also the result over an empty axis. */
const START: Record<ReduceOp, string> = { sum: "0.0", mean: "0.0", max: "-inf_f32()", min: "inf_f32()" };
const FOLD: Record<ReduceOp, string> = { sum: "a + b", mean: "a + b", max: "js_max(a, b)", min: "js_min(a, b)" };

/** WGSL that adds to `offset` the index `index` split over dims `${prefix}d0…` with strides `${prefix}s0…`. */
function splitIndex(index: string, offset: string, prefix: string, rank: number): string {
  if (rank === 0) return "";
  const lines = [`  var rest_${prefix} = ${index};`];
  for (let d = rank - 1; d > 0; d--) {
    lines.push(`  ${offset} += (rest_${prefix} % p.${prefix}d${d}) * p.${prefix}s${d}; rest_${prefix} = rest_${prefix} / p.${prefix}d${d};`);
  }
  lines.push(`  ${offset} += rest_${prefix} * p.${prefix}s0;`);
  return lines.join("\n");
}

const reduceShader = memoized((key: `${ReduceOp} ${number} ${number}`): Shader => {
  const [op, keptText, reducedText] = key.split(" ") as [ReduceOp, string, string];
  const [kept, reduced] = [Number(keptText), Number(reducedText)];
  const params: [string, ParamType][] = [["n", "u32"], ["count", "u32"]];
  for (let d = 0; d < kept; d++) params.push([`kd${d}`, "u32"], [`ks${d}`, "u32"]);
  for (let d = 0; d < reduced; d++) params.push([`rd${d}`, "u32"], [`rs${d}`, "u32"]);
  const result = op === "mean" ? "select(part[0] / f32(p.count), nan_f32(), p.count == 0u)" : "part[0]";
  return {
    key: `reduce ${key}`,
    params,
    buffers: [{ name: "x", access: "read" }, { name: "out", access: "read_write" }],
    code: `${WGSL_MATH}
fn fold(a: f32, b: f32) -> f32 { return ${FOLD[op]}; }
var<workgroup> part: array<f32, ${THREADS}>;
${entryPoint(THREADS, `  if (group >= p.n) { return; }
  var base = 0u;
${splitIndex("group", "base", "k", kept)}
  var acc = ${START[op]};
  for (var r = lid; r < p.count; r += ${THREADS}u) {
    var at = base;
${splitIndex("r", "at", "r", reduced)}
    acc = fold(acc, x_at(at));
  }
  part[lid] = acc;
  workgroupBarrier();
  for (var s = ${THREADS / 2}u; s > 0u; s = s / 2u) {
    if (lid < s) { part[lid] = fold(part[lid], part[lid + s]); }
    workgroupBarrier();
  }
  if (lid == 0u) { out[group] = ${result}; }`)}`,
  };
});

/** Reduces x (of `shape`) over sorted `axes` into out. */
export function reduce(gpu: Dispatcher, op: ReduceOp, x: GPUBuffer, shape: Shape, axes: readonly number[], out: GPUBuffer): void {
  const loop = mergeDims(shape, [reducedStrides(shape, axes)]);
  const inStrides = stridesOf(loop.dims);
  const kept: number[] = [];
  const reduced: number[] = [];
  loop.dims.forEach((size, d) => (loop.strides[0][d] === 0 ? reduced : kept).push(size, inStrides[d]));
  const n = kept.filter((_, i) => i % 2 === 0).reduce((a, b) => a * b, 1);
  const count = reduced.filter((_, i) => i % 2 === 0).reduce((a, b) => a * b, 1);
  gpu.run("reduce", reduceShader(`${op} ${kept.length / 2} ${reduced.length / 2}`), [n, count, ...kept, ...reduced], [x, out], n);
}
