import { runConformance } from "@chainrule/backend-conformance";
import { conv2dGeometry } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { createWasmBackend } from "./create-wasm-backend.js";

runConformance("wasm", () => createWasmBackend({ fma: false }));
runConformance("wasm, fused multiply-add", () => createWasmBackend({ fma: true }));

describe("kernel variants", () => {
  it("uses fused multiply-add where the engine has relaxed SIMD (this test process enables it), and not when told not to", async () => {
    expect((await createWasmBackend()).fma).toBe(true);
    expect((await createWasmBackend({ fma: false })).fma).toBe(false);
  });

  it("rounds a·b + c once with fma and twice without", async () => {
    // [1, u]·[-v, u] with u = 1 + 2^-12, v = 1 + 2^-11: u² = v + 2^-24 exactly, which float32
    // rounds (a tie, to even) to v. Unfused: round(u²) - v = 0; fused: round(u² - v) = 2^-24.
    // relaxed_madd may run unfused on hardware without FMA; x86-64 with FMA3 and ARM64 fuse it.
    const u = 1 + 2 ** -12, v = 1 + 2 ** -11;
    const dot = async (fma: boolean) => {
      const be = await createWasmBackend({ fma });
      const [a, b, out] = [be.alloc(2), be.alloc(2), be.alloc(1)];
      be.write(a, [1, u]);
      be.write(b, [-v, u]);
      be.matmul(a, b, out, { m: 1, n: 1, k: 2 });
      return be.readSync(out)[0];
    };
    expect(await dot(false)).toBe(0);
    expect(await dot(true)).toBe(2 ** -24);
  });
});

describe("an empty batch", () => {
  it.each([1, 2])("runs every conv pass with %i thread(s): nothing to write, and dw is the sum over no images, 0", async (threads) => {
    const be = await createWasmBackend({ threads });
    for (const padding of ["valid", "same"] as const) {
      const g = conv2dGeometry([0, 12, 12, 8], [5, 5, 8, 16], { padding });
      const [x, w, y, dx, dw] = [be.alloc(0), be.alloc(5 * 5 * 8 * 16), be.alloc(0), be.alloc(0), be.alloc(5 * 5 * 8 * 16)];
      be.write(dw, new Float32Array(5 * 5 * 8 * 16).fill(7));
      be.conv2d(x, w, null, y, g);
      be.conv2dBackwardInput(y, w, dx, g);
      be.conv2dBackwardFilter(x, y, dw, g);
      expect(be.readSync(dw).every((v) => v === 0)).toBe(true);
    }
  });
});
