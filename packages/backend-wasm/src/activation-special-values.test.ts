// ReLU must pass NaN through, as PyTorch does (relu, leaky relu): a NaN that turns into a confident 0
// hides a diverged layer from the NaN checks downstream. The values sit both in the f32x4 part of
// the kernel and in its scalar tail. Max pooling's NaN rules are checked in pool-special-values.test.ts.
import { describe, expect, it } from "vitest";
import { createWasmBackend } from "./create-wasm-backend.js";

const X = Array.from(Float32Array.of(NaN, -Infinity, Infinity, -0, 0, -2, 3.5, NaN, -1e-30, 1e-30, NaN));
const ALPHA = 0.25;

describe("activations on special values", () => {
  it("relu(x) = x > 0 or NaN ? x : 0 and leakyRelu(x) = x > 0 ? x : αx, in the vector part and the tail", async () => {
    const be = await createWasmBackend();
    const [x, y] = [be.alloc(X.length), be.alloc(X.length)];
    be.write(x, X);
    be.activation("relu", x, y, X.length);
    expect(Array.from(be.readSync(y))).toEqual(X.map((v) => (v > 0 || Number.isNaN(v) ? v : 0)));
    be.activation("leakyRelu", x, y, X.length, ALPHA);
    expect(Array.from(be.readSync(y))).toEqual(X.map((v) => (v > 0 ? v : Math.fround(ALPHA * v))));
  });

  it("relu backward stays dy·(y > 0): a NaN output passes no gradient", async () => {
    const be = await createWasmBackend();
    const [y, dy, dx] = [be.alloc(X.length), be.alloc(X.length), be.alloc(X.length)];
    be.write(y, X);
    be.fill(dy, 2, X.length);
    be.activationBackward("relu", y, dy, dx, X.length);
    expect(Array.from(be.readSync(dx))).toEqual(X.map((v) => (v > 0 ? 2 : 0)));
  });
});
