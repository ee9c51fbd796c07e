// A sparse target is a class index only if it is an integer in [0, cols). WebAssembly's float → int
// conversion would read 1.5 as class 1 and NaN as class 0, training silently on a wrong label; an
// invalid row must instead make the mean loss NaN and its own row of dlogits NaN, and leave every
// other row exactly as it was, so the host can find the row and report it.
import { Rng } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { createWasmBackend } from "./create-wasm-backend.js";

const ROWS = 5, COLS = 7;

describe("softmaxCrossEntropy with invalid sparse targets", () => {
  it.each([1.5, -1, -0.5, COLS, COLS + 0.25, NaN, Infinity, -Infinity, 2 ** 40])(
    "target %s in row 2: loss NaN, row 2 of dlogits NaN, the other rows bit for bit as with a valid target",
    async (bad) => {
      const be = await createWasmBackend();
      const rng = new Rng(4);
      const x = Float32Array.from({ length: ROWS * COLS }, () => rng.uniform(-3, 3));
      const run = (labels: number[], withGrad: boolean) => {
        const [xi, t, loss, dx] = [be.alloc(ROWS * COLS), be.alloc(ROWS), be.alloc(1), be.alloc(ROWS * COLS)];
        be.write(xi, x);
        be.write(t, labels);
        be.softmaxCrossEntropy(xi, t, loss, withGrad ? dx : null, { rows: ROWS, cols: COLS, sparse: true, smoothing: 0.1 });
        return { loss: be.readSync(loss)[0], dx: be.readSync(dx) };
      };
      const valid = run([0, 6, 3, 1, 5], true);
      expect(Number.isFinite(valid.loss)).toBe(true);
      const got = run([0, 6, bad, 1, 5], true);
      expect(got.loss).toBeNaN();
      for (let r = 0; r < ROWS; r++) {
        const row = (d: Float32Array) => Array.from(d.subarray(r * COLS, (r + 1) * COLS));
        if (r === 2) expect(row(got.dx).every(Number.isNaN)).toBe(true);
        else expect(row(got.dx)).toEqual(row(valid.dx));
      }
      expect(run([0, 6, bad, 1, 5], false).loss).toBeNaN();
    },
  );

  it("accepts the edge classes 0 and cols − 1, and -0", async () => {
    const be = await createWasmBackend();
    const [x, t, loss] = [be.alloc(2 * COLS), be.alloc(2), be.alloc(1)];
    be.write(t, [-0, COLS - 1]);
    be.softmaxCrossEntropy(x, t, loss, null, { rows: 2, cols: COLS, sparse: true, smoothing: 0 });
    expect(be.readSync(loss)[0]).toBeCloseTo(Math.log(COLS), 6); // uniform logits: −log(1/C)
  });
});
