// Randomised shapes against the float64 JS reference: convs with any kernel, stride, padding and
// channel count (all three passes, so every GEMM path and both backward-input paths), pooling,
// broadcasting in both operand orders, reductions over random axes, argmax, and matmul with every
// flag. Seeded, so a failure names a reproducible case.
import { broadcastShapes, conv2dGeometry, JsBackend, pool2dGeometry, Rng, sizeOf, type Backend, type DataId, type Padding } from "@chainrule/tensor";
import { beforeAll, describe, expect, it } from "vitest";
import { createWasmBackend } from "./create-wasm-backend.js";
import type { WasmBackend } from "./wasm-backend.js";

const CASES = 200;
const ref = new JsBackend({ dtype: "float64" });
const rng = new Rng(1234);
let wasm: WasmBackend;
beforeAll(async () => {
  wasm = await createWasmBackend();
});

type Pair = [DataId, DataId];
const made: Pair[] = [];

function pair(values: Float32Array): Pair {
  const p: Pair = [wasm.alloc(values.length), ref.alloc(values.length)];
  wasm.write(p[0], values);
  ref.write(p[1], values);
  made.push(p);
  return p;
}

/** Frees every buffer made so far (once per case, so the run stays small). */
function freeMade(): void {
  for (const [w, r] of made.splice(0)) {
    wasm.free(w);
    ref.free(r);
  }
}

function random(n: number): Pair {
  return pair(Float32Array.from({ length: n }, () => rng.uniform(-1, 1)));
}

/** Runs `f` on both backends, then checks `out` within 1e-4 of the largest reference magnitude. */
function check(label: string, f: (b: Backend, ids: DataId[]) => void, inputs: Pair[], out: Pair, size: number): void {
  f(wasm, [...inputs.map((p) => p[0]), out[0]]);
  f(ref, [...inputs.map((p) => p[1]), out[1]]);
  const got = wasm.readSync(out[0]), want = ref.readSync(out[1]);
  let scale = 1;
  for (let i = 0; i < size; i++) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < size; i++) {
    if (Number.isNaN(want[i]) && Number.isNaN(got[i])) continue;
    if (!(Math.abs(got[i] - want[i]) <= 1e-4 * scale)) expect.fail(`${label}: [${i}] ${got[i]} vs reference ${want[i]}`);
  }
}

describe(`${CASES} random cases against the float64 JS reference`, () => {
  it("conv2d (forward, backward input, backward filter) and pooling", () => {
    for (let t = 0; t < CASES; t++) {
      const [kH, kW, inC, outC, B] = [1 + rng.int(5), 1 + rng.int(5), 1 + rng.int(10), 1 + rng.int(20), 1 + rng.int(3)];
      const [H, W] = [kH + rng.int(12), kW + rng.int(12)];
      const padding: Padding = [0, 1, 2].map((p): Padding => (p === 0 ? "valid" : p === 1 ? "same" : rng.int(3)))[rng.int(3)];
      const g = conv2dGeometry([B, H, W, inC], [kH, kW, inC, outC], { stride: [1 + rng.int(3), 1 + rng.int(3)], padding });
      const xs = B * H * W * inC, ws = kH * kW * inC * outC, ys = B * g.outH * g.outW * outC;
      const x = random(xs), w = random(ws), bias = random(outC), dy = random(ys);
      const label = `conv x [${B},${H},${W},${inC}] w [${kH},${kW},${inC},${outC}] stride [${g.strideH},${g.strideW}] pad [${g.padTop},${g.padLeft}]`;
      check(`${label} forward`, (b, [x0, w0, b0, y0]) => b.conv2d(x0, w0, b0, y0, g), [x, w, bias], random(ys), ys);
      check(`${label} backward input`, (b, [d0, w0, dx0]) => b.conv2dBackwardInput(d0, w0, dx0, g), [dy, w], random(xs), xs);
      check(`${label} backward filter`, (b, [x0, d0, dw0]) => b.conv2dBackwardFilter(x0, d0, dw0, g), [x, dy], random(ws), ws);
      const window: [number, number] = [1 + rng.int(Math.min(3, H)), 1 + rng.int(Math.min(3, W))];
      const pg = pool2dGeometry([B, H, W, inC], window, { stride: 1 + rng.int(2), padding: rng.int(2) ? "same" : "valid" });
      const ps = B * pg.outH * pg.outW * inC;
      const pdy = random(ps);
      check(`maxPool ${label}`, (b, [x0, y0]) => b.maxPool(x0, y0, pg), [x], random(ps), ps);
      check(`maxPoolBackward ${label}`, (b, [x0, d0, dx0]) => b.maxPoolBackward(x0, d0, dx0, pg), [x, pdy], random(xs), xs);
      check(`avgPool ${label}`, (b, [x0, y0]) => b.avgPool(x0, y0, pg), [x], random(ps), ps);
      check(`avgPoolBackward ${label}`, (b, [d0, dx0]) => b.avgPoolBackward(d0, dx0, pg), [pdy], random(xs), xs);
      freeMade();
    }
  });

  it("broadcasting binary ops, reductions over random axes and argmax", () => {
    for (let t = 0; t < CASES; t++) {
      const rank = 1 + rng.int(4);
      const shape = Array.from({ length: rank }, () => 1 + rng.int(6));
      const bShape = shape.slice(rng.int(rank)).map((d) => (rng.int(3) === 0 ? 1 : d));
      const outShape = broadcastShapes("test", shape, bShape);
      const a = random(sizeOf(shape)), b = random(sizeOf(bShape)), n = sizeOf(outShape);
      for (const op of ["add", "sub", "mul", "div", "max", "min"] as const) {
        check(`${op} [${shape}] [${bShape}]`, (be, [a0, b0, o0]) => be.binary(op, a0, shape, b0, bShape, o0, outShape), [a, b], random(n), n);
        check(`${op} [${bShape}] [${shape}]`, (be, [b0, a0, o0]) => be.binary(op, b0, bShape, a0, shape, o0, outShape), [b, a], random(n), n);
      }
      const axes = shape.map((_, i) => i).filter(() => rng.int(2) === 0);
      const kept = sizeOf(shape.filter((_, i) => !axes.includes(i)));
      for (const op of ["sum", "mean", "max", "min"] as const) {
        check(`reduce ${op} [${shape}] axes [${axes}]`, (be, [a0, r0]) => be.reduce(op, a0, shape, axes, r0), [a], random(kept), kept);
      }
      const axis = rng.int(rank);
      const rest = sizeOf(shape) / shape[axis];
      check(`argmax [${shape}] axis ${axis}`, (be, [a0, r0]) => be.argmax(a0, shape, axis, r0), [a], random(rest), rest);
      freeMade();
    }
  });

  it("matmul with every combination of transposes, bias and accumulate", () => {
    for (let t = 0; t < CASES; t++) {
      const [m, n, k] = [1 + rng.int(70), 1 + rng.int(70), rng.int(300)];
      const [transA, transB, accumulate, withBias] = [0, 0, 0, 0].map(() => rng.int(2) === 1);
      check(
        `matmul ${m}x${k}x${n} transA ${transA} transB ${transB} accumulate ${accumulate} bias ${withBias}`,
        (be, [a0, b0, bias, o0]) => be.matmul(a0, b0, o0, { m, n, k, transA, transB, accumulate, bias: withBias ? bias : null }),
        [random(m * k), random(k * n), random(n)], random(m * n), m * n,
      );
      freeMade();
    }
  });
});
