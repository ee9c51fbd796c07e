// Elementwise kernels, one thread per output element: unary ops, binary ops against a scalar, and
// binary ops under NumPy broadcasting. Each may run in place (out = an input of out's size).
import { broadcastStrides, mergeDims, type BinaryOp, type Shape, type UnaryOp } from "@chainrule/tensor";
import type { Dispatcher } from "../dispatcher.js";
import { groupsFor, memoized, perElement, type ParamType, type Shader } from "../shader.js";
import { WGSL_MATH } from "./wgsl-math.js";

/** Each binary op as a WGSL expression of x and y. */
const BINARY: Record<BinaryOp, string> = {
  add: "x + y", sub: "x - y", mul: "x * y", div: "x / y", pow: "js_pow(x, y)", max: "js_max(x, y)", min: "js_min(x, y)",
};

/** Each unary op as a WGSL expression of x. */
const UNARY: Record<UnaryOp, string> = {
  neg: "-x", abs: "js_abs(x)", exp: "js_exp(x)", log: "js_log(x)", sqrt: "js_sqrt(x)", square: "x * x",
  reciprocal: "js_reciprocal(x)", sign: "js_sign(x)",
};

const unaryShader = memoized((op: UnaryOp): Shader => ({
  key: `unary ${op}`,
  params: [["n", "u32"]],
  buffers: [{ name: "x", access: "read", inPlace: true }, { name: "out", access: "read_write" }],
  code: `${WGSL_MATH}
fn f(x: f32) -> f32 { return ${UNARY[op]}; }
${perElement("  out[i] = f(x_at(i));")}`,
}));

/** out = op(x) over `size` elements. */
export function unary(gpu: Dispatcher, op: UnaryOp, x: GPUBuffer, out: GPUBuffer, size: number): void {
  gpu.run("unary", unaryShader(op), [size], [x, out], groupsFor(size));
}

const scalarShader = memoized((key: `${BinaryOp} ${boolean}`): Shader => {
  const [op, scalarFirst] = key.split(" ") as [BinaryOp, string];
  return {
    key: `binaryScalar ${key}`,
    params: [["n", "u32"], ["s", "f32"]],
    buffers: [{ name: "a", access: "read", inPlace: true }, { name: "out", access: "read_write" }],
    code: `${WGSL_MATH}
fn f(x: f32, y: f32) -> f32 { return ${BINARY[op]}; }
${perElement(scalarFirst === "true" ? "  out[i] = f(p.s, a_at(i));" : "  out[i] = f(a_at(i), p.s);")}`,
  };
});

/** out = a op s, or s op a when `scalarFirst`, over `size` elements. */
export function binaryScalar(gpu: Dispatcher, op: BinaryOp, a: GPUBuffer, s: number, out: GPUBuffer, size: number, scalarFirst: boolean): void {
  gpu.run("binaryScalar", scalarShader(`${op} ${scalarFirst}`), [size, s], [a, out], groupsFor(size));
}

/**
 * Broadcasting over `rank` merged dims: the flat output index is split into one index per dim
 * (last dim fastest), and each operand's offset is Σ index_d · stride_d, its stride 0 where it is
 * broadcast.
 */
const broadcastShader = memoized((key: `${BinaryOp} ${number}`): Shader => {
  const [op, r] = key.split(" ") as [BinaryOp, string];
  const rank = Number(r);
  const params: [string, ParamType][] = [["n", "u32"]];
  for (let d = 0; d < rank; d++) params.push([`d${d}`, "u32"], [`as${d}`, "u32"], [`bs${d}`, "u32"]);
  const walk: string[] = ["  var rest = i;", "  var ia = 0u;", "  var ib = 0u;"];
  for (let d = rank - 1; d > 0; d--) {
    walk.push(`  { let j = rest % p.d${d}; rest = rest / p.d${d}; ia += j * p.as${d}; ib += j * p.bs${d}; }`);
  }
  walk.push("  ia += rest * p.as0;", "  ib += rest * p.bs0;");
  return {
    key: `binary ${key}`,
    params,
    buffers: [{ name: "a", access: "read", inPlace: true }, { name: "b", access: "read", inPlace: true }, { name: "out", access: "read_write" }],
    code: `${WGSL_MATH}
fn f(x: f32, y: f32) -> f32 { return ${BINARY[op]}; }
${perElement(`${walk.join("\n")}\n  out[i] = f(a_at(ia), b_at(ib));`)}`,
  };
});

/** out = a op b under NumPy broadcasting (outShape is the broadcast of both shapes). */
export function binary(gpu: Dispatcher, op: BinaryOp, a: GPUBuffer, aShape: Shape, b: GPUBuffer, bShape: Shape, out: GPUBuffer, outShape: Shape): void {
  const loop = mergeDims(outShape, [broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)]);
  const rank = loop.dims.length;
  const values = [loop.dims.reduce((x, y) => x * y, 1)];
  for (let d = 0; d < rank; d++) values.push(loop.dims[d], loop.strides[0][d], loop.strides[1][d]);
  gpu.run("binary", broadcastShader(`${op} ${rank}`), values, [a, b, out], groupsFor(values[0]));
}
