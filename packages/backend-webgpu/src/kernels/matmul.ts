// out[m, n] = op(a)·op(b) (+ bias[n]) (+ out when accumulating), on the tiled product. a is [m, k]
// or, transposed, [k, m]; b is [k, n] or [n, k]. Each combination of flags is a shader of its own,
// and so is each operand whose contiguous dimension is a multiple of 4: it is bound as vec4s and
// loaded four values at a time.
import type { MatmulParams } from "@chainrule/tensor";
import type { Dispatcher } from "../dispatcher.js";
import { memoized, type BufferSlot, type Shader } from "../shader.js";
import { gemmGroups, gemmShader, type GemmSpec } from "./tiled-gemm.js";

/** Flags of a matmul variant: transA, transB, bias, accumulate, a as vec4, b as vec4. */
type Flags = string;

const matmulShader = memoized((flags: Flags): Shader => {
  const [transA, transB, bias, accumulate, a4, b4] = [...flags].map((f) => f === "1");
  const buffers: BufferSlot[] = [{ name: "a", access: "read", vec4: a4 }, { name: "b", access: "read", vec4: b4 }];
  if (bias) buffers.push({ name: "bias", access: "read" });
  buffers.push({ name: "out", access: "read_write" });
  const sum = ["v", bias ? "bias_at(col)" : "", accumulate ? "out[row * p.n + col]" : ""].filter(Boolean).join(" + ");
  const spec: GemmSpec = {
    key: `matmul ${flags}`,
    params: [],
    buffers,
    store: `  out[row * p.n + col] = ${sum};`,
  };
  if (a4) spec.a4 = transA ? { along: "row", body: "  return a_at4((k * p.m + row) / 4u);" } : { along: "k", body: "  return a_at4((row * p.k + k) / 4u);" };
  else spec.a = transA ? "  return a_at(k * p.m + row);" : "  return a_at(row * p.k + k);";
  if (b4) spec.b4 = transB ? { along: "k", body: "  return b_at4((col * p.k + k) / 4u);" } : { along: "col", body: "  return b_at4((k * p.n + col) / 4u);" };
  else spec.b = transB ? "  return b_at(col * p.k + k);" : "  return b_at(k * p.n + col);";
  return gemmShader(spec);
});

/** See {@link MatmulParams}. */
export function matmul(gpu: Dispatcher, a: GPUBuffer, b: GPUBuffer, bias: GPUBuffer | null, out: GPUBuffer, p: MatmulParams): void {
  // the contiguous dimension of each stored operand: a [m, k] or [k, m], b [k, n] or [n, k]
  const a4 = (p.transA ? p.m : p.k) % 4 === 0;
  const b4 = (p.transB ? p.k : p.n) % 4 === 0;
  const flags = [p.transA, p.transB, bias !== null, p.accumulate, a4, b4].map((f) => (f ? "1" : "0")).join("");
  const buffers = bias ? [a, b, bias, out] : [a, b, out];
  gpu.run("matmul", matmulShader(flags), [p.m, p.n, p.k], buffers, gemmGroups(p.m, p.n));
}
