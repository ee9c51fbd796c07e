import { runConformance } from "@chainrule/backend-conformance";
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
