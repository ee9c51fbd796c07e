// Max pooling on NaN, ±Infinity, ±0 and ties, bit for bit against the float32 JS backend: the f32x4
// kernel must keep the scalar rules (NaN propagates forward, the first cell holding the maximum
// takes the gradient, +0 does not replace an earlier -0). dy holds small integers, so every dx sum
// is exact in float32 and any difference is a routing difference.
import { JsBackend, pool2dGeometry, Rng, sizeOf, type DataId, type Pool2dGeometry } from "@chainrule/tensor";
import { beforeAll, describe, expect, it } from "vitest";
import { createWasmBackend } from "./create-wasm-backend.js";
import type { WasmBackend } from "./wasm-backend.js";

const SPECIAL = [NaN, -Infinity, Infinity, -0, 0, 1, 1, 2, -1];
const ref = new JsBackend({ dtype: "float32" });
const rng = new Rng(77);
let wasm: WasmBackend;
beforeAll(async () => {
  wasm = await createWasmBackend();
});

/** Runs `f` on a backend with the given inputs and returns its output of `size` floats. */
function run(b: WasmBackend | JsBackend, inputs: Float32Array[], size: number, f: (ids: DataId[]) => void): Float32Array {
  const ids = inputs.map((v) => {
    const id = b.alloc(v.length);
    b.write(id, v);
    return id;
  });
  const out = b.alloc(size);
  f([...ids, out]);
  const got = Float32Array.from(b.readSync(out));
  for (const id of [...ids, out]) b.free(id);
  return got;
}

function expectSameBits(label: string, got: Float32Array, want: Float32Array): void {
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) expect.fail(`${label}: [${i}] ${got[i]} vs JS ${want[i]}`);
  }
}

describe("max pooling on special values matches the JS backend bit for bit", () => {
  it("forward and backward, 1-9 channels, overlapping and padded windows", () => {
    for (let t = 0; t < 120; t++) {
      const window = 2 + rng.int(2);
      const shape = [1 + rng.int(2), window + rng.int(6), window + rng.int(6), 1 + rng.int(9)];
      const g: Pool2dGeometry = pool2dGeometry(shape, window, { stride: 1 + rng.int(2), padding: rng.int(2) ? "same" : "valid" });
      const x = Float32Array.from({ length: sizeOf(shape) }, () => SPECIAL[rng.int(SPECIAL.length)]);
      const ySize = g.batch * g.outH * g.outW * g.channels;
      const dy = Float32Array.from({ length: ySize }, () => 1 + rng.int(8));
      const label = `case ${t} x [${shape}] window ${window} stride ${g.strideH}`;
      const forward = (b: WasmBackend | JsBackend) => run(b, [x], ySize, ([xi, y]) => b.maxPool(xi, y, g));
      expectSameBits(`maxPool ${label}`, forward(wasm), forward(ref));
      const backward = (b: WasmBackend | JsBackend) => run(b, [x, dy], x.length, ([xi, dyi, dx]) => b.maxPoolBackward(xi, dyi, dx, g));
      expectSameBits(`maxPoolBackward ${label}`, backward(wasm), backward(ref));
    }
  });
});
