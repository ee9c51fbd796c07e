// Shapes past the GEMM's block sizes (KC = 256, MC = 128, NC = 1024), the conv paths the small
// conformance shapes never reach (K > KC, rows > MC, inC a multiple of 4, several backward-input
// chunks, the 1-channel forward), checked against the float64 JS reference, with a guard of
// sentinels past every output.
import { conv2dGeometry, JsBackend, Rng, type Backend, type Conv2dGeometry, type DataId, type WindowOptions } from "@chainrule/tensor";
import { beforeAll, describe, expect, it } from "vitest";
import { createWasmBackend } from "./create-wasm-backend.js";
import type { WasmBackend } from "./wasm-backend.js";

const ref = new JsBackend({ dtype: "float64" });
let wasm: WasmBackend;
beforeAll(async () => {
  wasm = await createWasmBackend();
});

function random(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
}

/** The same values on both backends. */
function pair(values: Float32Array): [DataId, DataId] {
  const a = wasm.alloc(values.length), b = ref.alloc(values.length);
  wasm.write(a, values);
  ref.write(b, values);
  return [a, b];
}

/** Max |wasm − ref| relative to the largest reference magnitude (sums of hundreds of terms). */
function relErr(got: Float32Array, want: ArrayLike<number>): number {
  let err = 0, scale = 1e-30;
  for (let i = 0; i < want.length; i++) {
    err = Math.max(err, Math.abs(got[i] - want[i]));
    scale = Math.max(scale, Math.abs(want[i]));
  }
  return err / scale;
}

/** Floats past the end of every WASM output, which a kernel must leave as they were. */
const GUARD = 64;
const SENTINEL = 12345;

/** Runs `fn` on both backends: the relative error of the output; throws if WASM wrote past its end. */
function run(fn: (b: Backend, ids: DataId[]) => void, inputs: Float32Array[], outSize: number): number {
  const ids = inputs.map(pair);
  const out: [DataId, DataId] = [wasm.alloc(outSize + GUARD), ref.alloc(outSize)];
  wasm.write(out[0], new Float32Array(outSize + GUARD).fill(SENTINEL));
  fn(wasm, [...ids.map((p) => p[0]), out[0]]);
  fn(ref, [...ids.map((p) => p[1]), out[1]]);
  const got = wasm.readSync(out[0]);
  const past = got.subarray(outSize).findIndex((v) => v !== SENTINEL);
  if (past >= 0) throw new Error(`wrote ${got[outSize + past]} at ${past} past the output's end`);
  const e = relErr(got, ref.readSync!(out[1]));
  [...ids, out].forEach(([a, b]) => {
    wasm.free(a);
    ref.free(b);
  });
  return e;
}

describe("matmul past the block sizes", () => {
  const [m, n, k] = [133, 1031, 261];
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      it(`${m}x${k}x${n} transA ${transA} transB ${transB}, bias, accumulate`, () => {
        const e = run(
          (b, [a, bb, bias, out]) => {
            b.matmul(a, bb, out, { m, n, k, transA, transB, bias });
            b.matmul(a, bb, out, { m, n, k, transA, transB, bias, accumulate: true });
          },
          [random(m * k, 1), random(k * n, 2), random(n, 3)], m * n,
        );
        expect(e).toBeLessThan(1e-5);
      });
    }
  }
});

describe("conv2d on shapes that cross blocks and chunks", () => {
  const cases: { label: string; x: number[]; w: number[]; opts: WindowOptions }[] = [
    // K = 5·5·16 = 400 > KC, 9·40·40 = 14,400 rows > MC, inC a multiple of 4 (vector im2colᵀ), padded edges
    { label: "5x5 same, 16 → 8 channels", x: [9, 40, 40, 16], w: [5, 5, 16, 8], opts: { padding: "same" } },
    // stride 2, inC = 8, outC = 13 (a partial 8-column panel)
    { label: "3x3 stride 2 same, 8 → 13 channels", x: [5, 17, 17, 8], w: [3, 3, 8, 13], opts: { stride: 2, padding: "same" } },
    // 1 channel at stride 1, valid: the pixels-as-lanes forward (conv-plane.ts); 26 = 3·8 + 2
    // pixels per row end in a group that steps back, 12 channels are 3 blocks of 4
    { label: "5x3 valid, 1 → 12 channels", x: [3, 21, 28, 1], w: [5, 3, 1, 12], opts: { padding: "valid" } },
    // ... with rows of exactly one group, and a kernel as wide as the image is tall
    { label: "9x1 valid, 1 → 4 channels", x: [2, 9, 8, 1], w: [9, 1, 1, 4], opts: { padding: "valid" } },
    // 1 channel, same padding: the forward takes the GEMM (6 channels), backward input pads dy by
    // less than kH − 1
    { label: "3x5 same, 1 → 6 channels", x: [2, 13, 19, 1], w: [3, 5, 1, 6], opts: { padding: "same" } },
    // ... and the padded pixels-as-lanes forward: 5x5 same, an even kernel (padded 1 above, 2
    // below), numeric padding
    { label: "5x5 same, 1 → 8 channels", x: [3, 28, 28, 1], w: [5, 5, 1, 8], opts: { padding: "same" } },
    { label: "4x2 same, 1 → 4 channels", x: [2, 11, 13, 1], w: [4, 2, 1, 4], opts: { padding: "same" } },
    { label: "3x3 padding 1, 1 → 12 channels", x: [2, 9, 10, 1], w: [3, 3, 1, 12], opts: { padding: 1 } },
    // backward input as the transposed conv over dy padded in chunks of images (1 MiB each): on
    // the GEMM (8 input channels: 2 chunks of 2 + 1 images) and as dot products (1 channel: 3 of 1)
    { label: "3x3 same, 8 → 32 channels", x: [3, 60, 60, 8], w: [3, 3, 8, 32], opts: { padding: "same" } },
    { label: "3x3 same, 1 → 32 channels", x: [3, 100, 100, 1], w: [3, 3, 1, 32], opts: { padding: "same" } },
    // a stride past the input plus its padding: the padded image is narrower than its left padding
    { label: "1x1 padding 2 stride [1, 5]", x: [2, 3, 1, 1], w: [1, 1, 1, 4], opts: { padding: 2, stride: [1, 5] } },
    { label: "3x3 padding 2 stride [1, 7], 5 channels", x: [2, 4, 3, 5], w: [3, 3, 5, 4], opts: { padding: 2, stride: [1, 7] } },
  ];
  for (const c of cases) {
    const g: Conv2dGeometry = conv2dGeometry(c.x, c.w, c.opts);
    const xs = c.x.reduce((a, b) => a * b), ws = c.w.reduce((a, b) => a * b), ys = g.batch * g.outH * g.outW * g.outC;
    it(`${c.label}: forward`, () => {
      expect(run((b, [x, w, bias, y]) => b.conv2d(x, w, bias, y, g), [random(xs, 4), random(ws, 5), random(g.outC, 6)], ys)).toBeLessThan(1e-5);
    });
    it(`${c.label}: backward input`, () => {
      expect(run((b, [dy, w, dx]) => b.conv2dBackwardInput(dy, w, dx, g), [random(ys, 7), random(ws, 8)], xs)).toBeLessThan(1e-5);
    });
    it(`${c.label}: backward filter`, () => {
      expect(run((b, [x, dy, dw]) => b.conv2dBackwardFilter(x, dy, dw, g), [random(xs, 9), random(ys, 10)], ws)).toBeLessThan(1e-5);
    });
  }
});
