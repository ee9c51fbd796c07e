// The composites on NaN, ±∞ and ±0, against the JS backend's kernels, which define the meaning of
// each (the conformance suite draws its inputs from numbers). Selections must select: relu's
// backward gives 0 where y ≤ 0 even for a NaN or infinite dy, and a fraction never counts a NaN.
import { describe, expect, it } from "vitest";
import type { Backend, DataId } from "../backend.js";
import { JsBackend } from "../js/js-backend.js";
import { Rng } from "../random.js";
import { composeBackend } from "./compose-backend.js";
import { primitivesOf } from "./primitives.js";

const SPECIAL = [NaN, -Infinity, Infinity, -0, 0, 1, -1, 0.5, -0.5, Math.fround(0.7), Math.fround(-0.7), 1e-30, 3];
const SIZE = 101;

/** SIZE values drawn from SPECIAL. */
function specials(rng: Rng): number[] {
  return Array.from({ length: SIZE }, () => SPECIAL[rng.int(SPECIAL.length)]);
}

/** What `run` leaves in an output of `size` elements on `backend`, given buffers holding `inputs`. */
function outputOf(backend: Backend, inputs: number[][], size: number, run: (ids: DataId[], out: DataId) => void): number[] {
  const ids = inputs.map((values) => {
    const id = backend.alloc(values.length);
    backend.write(id, values);
    return id;
  });
  const out = backend.alloc(size);
  run(ids, out);
  return Array.from(backend.readSync!(out));
}

/** Runs `run` on the JS backend and on its primitives with the composites; the outputs must agree (±0 aside). */
function expectSameAsJs(inputs: number[][], size: number, run: (b: Backend, ids: DataId[], out: DataId) => void): void {
  const js = new JsBackend();
  const composed = composeBackend(primitivesOf(new JsBackend()));
  const want = outputOf(js, inputs, size, (ids, out) => run(js, ids, out));
  const got = outputOf(composed, inputs, size, (ids, out) => run(composed, ids, out));
  expect(got.map(String)).toEqual(want.map(String));
}

describe("composites on special values, as the JS backend", () => {
  const rng = new Rng(3);

  for (const [kind, alpha] of [["relu", undefined], ["leakyRelu", 0.2], ["leakyRelu", 1.5]] as const) {
    it(`${kind}${alpha === undefined ? "" : ` α=${alpha}`} forward and backward select by the sign of x and y`, () => {
      const x = specials(rng), y = specials(rng), dy = specials(rng);
      expectSameAsJs([x], SIZE, (b, [xi], out) => b.activation(kind, xi, out, SIZE, alpha));
      expectSameAsJs([y, dy], SIZE, (b, [yi, dyi], out) => b.activationBackward(kind, yi, dyi, out, SIZE, alpha));
    });
  }

  it("sigmoid and tanh propagate NaN and saturate at ±∞ and ±1000", () => {
    // only values whose results float32 holds exactly: elsewhere the composites round differently
    const x = [NaN, -Infinity, Infinity, -0, 0, -1000, 1000];
    expectSameAsJs([x], x.length, (b, [xi], out) => b.activation("sigmoid", xi, out, x.length));
    expectSameAsJs([x], x.length, (b, [xi], out) => b.activation("tanh", xi, out, x.length));
  });

  it("fractionZeros and fractionOutside count neither NaN nor a value just inside a bound float32 rounds", () => {
    const x = specials(rng);
    // fround(0.7) < 0.7: x = fround(0.7) is inside [−0.7, 0.7], though a bound rounded to float32 would not say so
    for (const [lo, hi] of [[-0.7, 0.7], [-0.5, 0.5], [-Infinity, Infinity], [0, 0]]) {
      expectSameAsJs([x], 1, (b, [xi], out) => b.fractionOutside(xi, SIZE, lo, hi, out, 0));
    }
    expectSameAsJs([x], 1, (b, [xi], out) => b.fractionZeros(xi, SIZE, out, 0));
    expectSameAsJs([x], 1, (b, [xi], out) => b.sumSquares(xi, SIZE, out, 0));
  });
});
