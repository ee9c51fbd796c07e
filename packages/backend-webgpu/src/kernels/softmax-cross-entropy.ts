// Softmax cross-entropy in one dispatch where the composite takes about a dozen. With q the
// smoothed target, q_c = (1 − ε)·t_c + ε/C, and lse the row's log-sum-exp (shifted by the row
// maximum, so exp never overflows):
//   row loss  L_r = −Σ_c q_c·(x_c − lse) ;  loss = Σ_r L_r / rows
//   gradient  dx_c = (e^(x_c − lse)·Σ_c q_c − q_c) / rows
// One workgroup: each thread takes every 256th row, then the row losses are summed in a tree. A
// sparse label that is not an integer in [0, C) makes its row's loss and gradient NaN, as in the
// JS backend, so a bad label never passes for some class.
import type { SoftmaxCrossEntropyParams } from "@chainrule/tensor";
import type { Dispatcher } from "../dispatcher.js";
import { entryPoint, memoized, type BufferSlot, type Shader } from "../shader.js";
import { WGSL_MATH } from "./wgsl-math.js";

const THREADS = 256;

const shader = memoized((key: `${boolean} ${boolean}`): Shader => {
  const [sparse, withGradient] = key.split(" ").map((f) => f === "true");
  const buffers: BufferSlot[] = [{ name: "logits", access: "read" }, { name: "targets", access: "read" }, { name: "loss", access: "read_write" }];
  if (withGradient) buffers.push({ name: "dlogits", access: "read_write" });
  const target = sparse ? "select(0.0, 1.0, f32(c) == label)" : "targets_at(o + c)";
  return {
    key: `softmaxCrossEntropy ${key}`,
    params: [["rows", "u32"], ["cols", "u32"], ["smoothing", "f32"]],
    buffers,
    code: `${WGSL_MATH}
fn row_loss(r: u32) -> f32 {
  let o = r * p.cols;
  ${sparse ? `let label = targets_at(r);
  if (is_nan(label) || !(label >= 0.0 && label < f32(p.cols) && floor(label) == label)) {
    ${withGradient ? "for (var c = 0u; c < p.cols; c++) { dlogits[o + c] = nan_f32(); }" : ""}
    return nan_f32();
  }` : ""}
  var top = -inf_f32();
  for (var c = 0u; c < p.cols; c++) {
    let v = logits_at(o + c);
    if (v > top) { top = v; }
  }
  var sum = 0.0;
  for (var c = 0u; c < p.cols; c++) { sum += js_exp(logits_at(o + c) - top); }
  let lse = top + js_log(sum);
  let off = p.smoothing / f32(p.cols);
  var q_sum = 0.0;
  var qx = 0.0;
  for (var c = 0u; c < p.cols; c++) {
    let q = (1.0 - p.smoothing) * ${target} + off;
    q_sum += q;
    qx += q * (logits_at(o + c) - lse);
  }
  ${withGradient ? `for (var c = 0u; c < p.cols; c++) {
    let q = (1.0 - p.smoothing) * ${target} + off;
    dlogits[o + c] = (js_exp(logits_at(o + c) - lse) * q_sum - q) / f32(p.rows);
  }` : ""}
  return -qx;
}
var<workgroup> part: array<f32, ${THREADS}>;
${entryPoint(THREADS, `  var total = 0.0;
  for (var r = lid; r < p.rows; r += ${THREADS}u) { total += row_loss(r); }
  part[lid] = total;
  workgroupBarrier();
  for (var s = ${THREADS / 2}u; s > 0u; s = s / 2u) {
    if (lid < s) { part[lid] += part[lid + s]; }
    workgroupBarrier();
  }
  if (lid == 0u) { loss[0] = select(part[0] / f32(p.rows), 0.0, p.rows == 0u); }`)}`,
  };
});

/** See `Backend.softmaxCrossEntropy`. */
export function softmaxCrossEntropy(gpu: Dispatcher, logits: GPUBuffer, targets: GPUBuffer, loss: GPUBuffer, dlogits: GPUBuffer | null, p: SoftmaxCrossEntropyParams): void {
  const buffers = dlogits ? [logits, targets, loss, dlogits] : [logits, targets, loss];
  gpu.run("softmaxCrossEntropy", shader(`${p.sparse} ${dlogits !== null}`), [p.rows, p.cols, p.smoothing], buffers, 1);
}
