// NaN, ±∞, ±0 and negative bases give the JS backend's answers, although WGSL leaves built-ins
// undefined on them (kernels/wgsl-math.ts): every binary op over every pair of special values,
// both scalar forms, every unary op, every activation, reductions and pooling over them.
import { JsBackend, type Activation, type Backend, type BinaryOp, type ReduceOp, type UnaryOp } from "@chainrule/tensor";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebGpuBackend, type WebGpuBackend } from "./create-webgpu-backend.js";

const SPECIAL = [NaN, -Infinity, Infinity, -0, 0, 1, -1, 2, -2, 0.5, -0.5, 3, -3, 1e-3, 100, -100, 1000, -1000];
const N = SPECIAL.length;
const BINARY_OPS: BinaryOp[] = ["add", "sub", "mul", "div", "pow", "max", "min"];
const UNARY_OPS: UnaryOp[] = ["neg", "abs", "exp", "log", "sqrt", "square", "reciprocal", "sign"];
const ACTIVATIONS: Activation[] = ["relu", "leakyRelu", "sigmoid", "tanh"];

/** Runs `kernel` on `backend` with buffers holding `inputs` and an output of `outSize`, and reads the output. */
async function run(backend: Backend, inputs: number[][], outSize: number, kernel: (ids: object[], out: object) => void): Promise<number[]> {
  const ids = inputs.map((values) => {
    const id = backend.alloc(values.length);
    backend.write(id, values);
    return id;
  });
  const out = backend.alloc(outSize);
  kernel(ids, out);
  const got = Array.from(await backend.read(out));
  [...ids, out].forEach((id) => backend.free(id));
  return got;
}

/** Equal where the JS backend gives NaN, ±∞ or ±0-equal values; within 2e-6 relative (float32 exp, log, pow) elsewhere. */
function expectSame(got: number[], want: number[], what: (i: number) => string): void {
  want.forEach((w, i) => {
    const g = got[i];
    const same = Number.isNaN(w) ? Number.isNaN(g) : !Number.isFinite(w) ? g === w : Math.abs(g - w) <= 2e-6 * Math.abs(w) + 1e-30;
    if (!same) expect.fail(`${what(i)}: webgpu ${g}, js ${w}`);
  });
}

describe("special values", () => {
  let gpu: WebGpuBackend;
  const js = new JsBackend();
  beforeAll(async () => {
    gpu = await createWebGpuBackend();
  });
  afterAll(() => gpu.dispose());

  for (const op of BINARY_OPS) {
    it(`binary ${op} over every pair, broadcast [${N}, 1] with [1, ${N}], and both scalar forms`, async () => {
      const pairs = (b: Backend) => run(b, [SPECIAL, SPECIAL], N * N, ([a, c], out) => b.binary(op, a, [N, 1], c, [1, N], out, [N, N]));
      expectSame(await pairs(gpu), await pairs(js), (i) => `${SPECIAL[Math.floor(i / N)]} ${op} ${SPECIAL[i % N]}`);
      for (const s of [NaN, -Infinity, -0, 2, -3]) {
        for (const scalarFirst of [false, true]) {
          const scalar = (b: Backend) => run(b, [SPECIAL], N, ([a], out) => b.binaryScalar(op, a, s, out, N, scalarFirst));
          expectSame(await scalar(gpu), await scalar(js), (i) => (scalarFirst ? `${s} ${op} ${SPECIAL[i]}` : `${SPECIAL[i]} ${op} ${s}`));
        }
      }
    });
  }

  it("every unary op and activation, and the activations' backward forms", async () => {
    for (const op of UNARY_OPS) {
      const f = (b: Backend) => run(b, [SPECIAL], N, ([x], out) => b.unary(op, x, out, N));
      expectSame(await f(gpu), await f(js), (i) => `${op}(${SPECIAL[i]})`);
    }
    for (const kind of ACTIVATIONS) {
      const f = (b: Backend) => run(b, [SPECIAL], N, ([x], y) => b.activation(kind, x, y, N, 0.2));
      expectSame(await f(gpu), await f(js), (i) => `${kind}(${SPECIAL[i]})`);
      // y from the special values, dy special too (reversed): relu's dx is 0 where y ≤ 0 even for dy = NaN or ∞
      const y = await f(js);
      const g = (b: Backend) => run(b, [y, [...SPECIAL].reverse()], N, ([yy, dy], dx) => b.activationBackward(kind, yy, dy, dx, N, 0.2));
      expectSame(await g(gpu), await g(js), (i) => `${kind}' at y = ${y[i]}, dy = ${SPECIAL[N - 1 - i]}`);
    }
  });

  it("reductions and max pooling let NaN through, and ±∞ and ±0 where they belong", async () => {
    // rows: the special values with one of them left out in turn, so each row has a different extreme
    const rows = SPECIAL.map((_, r) => SPECIAL.filter((__, c) => c !== r));
    const x = rows.flat();
    for (const op of ["sum", "mean", "max", "min"] as ReduceOp[]) {
      for (const axes of [[1], [0]]) {
        const f = (b: Backend) => run(b, [x], axes[0] === 1 ? N : N - 1, ([xx], out) => b.reduce(op, xx, [N, N - 1], axes, out));
        expectSame(await f(gpu), await f(js), (i) => `${op} over axis ${axes[0]}, output ${i}`);
      }
    }
    const g = { batch: 1, inH: N, inW: N - 1, channels: 1, outH: N / 2, outW: (N - 1 - 1) / 2, kH: 3, kW: 3, strideH: 2, strideW: 2, padTop: 1, padLeft: 0 };
    const pool = (b: Backend) => run(b, [x], g.outH * g.outW, ([xx], y) => b.maxPool(xx, y, g));
    expectSame(await pool(gpu), await pool(js), (i) => `maxPool window ${i}`);
  });
});
