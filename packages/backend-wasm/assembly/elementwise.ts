// Elementwise kernels: binary ops with broadcasting, unary ops, activations and their backward
// forms. Arithmetic that has a SIMD instruction runs 4 lanes at a time; exp, log, pow and tanh
// go lane by lane through AssemblyScript's float32 Mathf.

export const OP_ADD = 0;
export const OP_SUB = 1;
export const OP_MUL = 2;
export const OP_DIV = 3;
export const OP_POW = 4;
export const OP_MAX = 5;
export const OP_MIN = 6;

export const U_NEG = 0;
export const U_ABS = 1;
export const U_EXP = 2;
export const U_LOG = 3;
export const U_SQRT = 4;
export const U_SQUARE = 5;
export const U_RECIPROCAL = 6;
export const U_SIGN = 7;

export const ACT_RELU = 0;
export const ACT_LEAKY_RELU = 1;
export const ACT_SIGMOID = 2;
export const ACT_TANH = 3;

function binaryScalarOp(op: i32, x: f32, y: f32): f32 {
  switch (op) {
    case OP_ADD: return x + y;
    case OP_SUB: return x - y;
    case OP_MUL: return x * y;
    case OP_DIV: return x / y;
    case OP_POW: return Mathf.pow(x, y);
    case OP_MAX: return max(x, y);
    default: return min(x, y);
  }
}

// wasm's f32x4.max / min return NaN when either lane is NaN, as the reference does
function binaryVectorOp(op: i32, x: v128, y: v128): v128 {
  switch (op) {
    case OP_ADD: return f32x4.add(x, y);
    case OP_SUB: return f32x4.sub(x, y);
    case OP_MUL: return f32x4.mul(x, y);
    case OP_DIV: return f32x4.div(x, y);
    case OP_MAX: return f32x4.max(x, y);
    default: return f32x4.min(x, y);
  }
}

/**
 * out[i] = a[i·sa] op b[i·sb] for i < len, with sa, sb ∈ {0, 1} (0: that side is one value
 * repeated, the innermost broadcast case).
 */
export function binaryRow(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, len: i32): void {
  let i = 0;
  if (op != OP_POW) {
    const av = v128.load32_splat(a), bv = v128.load32_splat(b);
    for (; i + 4 <= len; i += 4) {
      const off = <usize>(i * 4);
      const x = sa ? v128.load(a + off) : av;
      const y = sb ? v128.load(b + off) : bv;
      v128.store(out + off, binaryVectorOp(op, x, y));
    }
  }
  for (; i < len; i++) {
    const x = load<f32>(a + <usize>(i * sa * 4));
    const y = load<f32>(b + <usize>(i * sb * 4));
    store<f32>(out + <usize>(i * 4), binaryScalarOp(op, x, y));
  }
}

/**
 * Broadcasting binary op over `rank` dims (outermost first) whose sizes and per-dim element strides
 * of a and b are i32 arrays at dims, aStr, bStr; idx is room for rank counters. The innermost dim
 * must have strides 0 or 1 and runs as one binaryRow.
 */
export function binary(op: i32, a: usize, b: usize, out: usize, rank: i32, dims: usize, aStr: usize, bStr: usize, idx: usize): void {
  const last = rank - 1;
  const len = load<i32>(dims + <usize>(last * 4));
  const sa = load<i32>(aStr + <usize>(last * 4)), sb = load<i32>(bStr + <usize>(last * 4));
  let rows = 1;
  for (let d = 0; d < last; d++) {
    rows *= load<i32>(dims + <usize>(d * 4));
    store<i32>(idx + <usize>(d * 4), 0);
  }
  let ao = 0, bo = 0, oo = 0;
  for (let r = 0; r < rows; r++) {
    binaryRow(op, a + <usize>(ao * 4), sa, b + <usize>(bo * 4), sb, out + <usize>(oo * 4), len);
    oo += len;
    // odometer over the outer dims, moving the input offsets along
    for (let d = last - 1; d >= 0; d--) {
      const at = idx + <usize>(d * 4);
      const n = load<i32>(dims + <usize>(d * 4));
      const das = load<i32>(aStr + <usize>(d * 4)), dbs = load<i32>(bStr + <usize>(d * 4));
      const v = load<i32>(at) + 1;
      if (v < n) {
        store<i32>(at, v);
        ao += das;
        bo += dbs;
        break;
      }
      store<i32>(at, 0);
      ao -= das * (n - 1);
      bo -= dbs * (n - 1);
    }
  }
}

function unaryScalarOp(op: i32, x: f32): f32 {
  switch (op) {
    case U_NEG: return -x;
    case U_ABS: return abs(x);
    case U_EXP: return Mathf.exp(x);
    case U_LOG: return Mathf.log(x);
    case U_SQRT: return sqrt(x);
    case U_SQUARE: return x * x;
    case U_RECIPROCAL: return 1 / x;
    default: return x > 0 ? 1 : x < 0 ? -1 : x; // keeps 0, -0 and NaN, like Math.sign
  }
}

/** out = op(x) over size elements. */
export function unary(op: i32, x: usize, out: usize, size: i32): void {
  let i = 0;
  if (op == U_NEG || op == U_ABS || op == U_SQRT || op == U_SQUARE || op == U_RECIPROCAL) {
    const one = f32x4.splat(1);
    for (; i + 4 <= size; i += 4) {
      const off = <usize>(i * 4);
      const v = v128.load(x + off);
      let r: v128;
      if (op == U_NEG) r = f32x4.neg(v);
      else if (op == U_ABS) r = f32x4.abs(v);
      else if (op == U_SQRT) r = f32x4.sqrt(v);
      else if (op == U_SQUARE) r = f32x4.mul(v, v);
      else r = f32x4.div(one, v);
      v128.store(out + off, r);
    }
  }
  for (; i < size; i++) store<f32>(out + <usize>(i * 4), unaryScalarOp(op, load<f32>(x + <usize>(i * 4))));
}

/** Sigmoid without overflow: 1/(1+e^−x) for x ≥ 0, e^x/(1+e^x) otherwise. */
function sigmoid(v: f32): f32 {
  if (v >= 0) return 1 / (1 + Mathf.exp(-v));
  const e = Mathf.exp(v);
  return e / (1 + e);
}

/** y = f(x): relu, leakyRelu (slope alpha below 0), sigmoid, tanh. */
export function activation(kind: i32, x: usize, y: usize, size: i32, alpha: f32): void {
  let i = 0;
  if (kind == ACT_RELU || kind == ACT_LEAKY_RELU) {
    const zero = f32x4.splat(0), av = f32x4.splat(alpha);
    for (; i + 4 <= size; i += 4) {
      const off = <usize>(i * 4);
      const v = v128.load(x + off);
      // x > 0 ? x : 0 (or α·x); relu keeps NaN as x != x (leaky relu gets NaN from α·NaN), as PyTorch does
      const keep = kind == ACT_RELU ? v128.or(f32x4.gt(v, zero), f32x4.ne(v, v)) : f32x4.gt(v, zero);
      const neg = kind == ACT_RELU ? zero : f32x4.mul(v, av);
      v128.store(y + off, v128.bitselect(v, neg, keep));
    }
  }
  for (; i < size; i++) {
    const v = load<f32>(x + <usize>(i * 4));
    let r: f32;
    if (kind == ACT_RELU) r = v > 0 || v != v ? v : 0;
    else if (kind == ACT_LEAKY_RELU) r = v > 0 ? v : alpha * v;
    else if (kind == ACT_SIGMOID) r = sigmoid(v);
    else r = Mathf.tanh(v);
    store<f32>(y + <usize>(i * 4), r);
  }
}

/** dx = dy · f'(x) from the output y: relu y > 0; leakyRelu y > 0 ? 1 : α; sigmoid y(1−y); tanh 1−y². */
export function activationBackward(kind: i32, y: usize, dy: usize, dx: usize, size: i32, alpha: f32): void {
  const zero = f32x4.splat(0), one = f32x4.splat(1), av = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    const off = <usize>(i * 4);
    const yv = v128.load(y + off), g = v128.load(dy + off);
    let r: v128;
    if (kind == ACT_RELU) r = v128.and(g, f32x4.gt(yv, zero));
    else if (kind == ACT_LEAKY_RELU) r = v128.bitselect(g, f32x4.mul(g, av), f32x4.gt(yv, zero));
    else if (kind == ACT_SIGMOID) r = f32x4.mul(f32x4.mul(g, yv), f32x4.sub(one, yv));
    else r = f32x4.mul(g, f32x4.sub(one, f32x4.mul(yv, yv)));
    v128.store(dx + off, r);
  }
  for (; i < size; i++) {
    const yv = load<f32>(y + <usize>(i * 4)), g = load<f32>(dy + <usize>(i * 4));
    let r: f32;
    if (kind == ACT_RELU) r = yv > 0 ? g : 0;
    else if (kind == ACT_LEAKY_RELU) r = yv > 0 ? g : alpha * g;
    else if (kind == ACT_SIGMOID) r = g * yv * (1 - yv);
    else r = g * (1 - yv * yv);
    store<f32>(dx + <usize>(i * 4), r);
  }
}
