import { JsBackend } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { profileKernels } from "./kernel-profile.js";

describe("profileKernels", () => {
  it("counts calls per kernel and shape without changing what the kernels compute", () => {
    const backend = new JsBackend();
    const tally = profileKernels(backend);
    const a = backend.alloc(6);
    const b = backend.alloc(6);
    const out = backend.alloc(4);
    backend.write(a, [1, 2, 3, 4, 5, 6]); // [2, 3]
    backend.write(b, [1, 0, 0, 1, 1, 1]); // [3, 2]
    backend.matmul(a, b, out, { m: 2, k: 3, n: 2 });
    backend.matmul(a, b, out, { m: 2, k: 3, n: 2 });
    backend.reduce("sum", a, [2, 3], [0], out);
    // [1 2 3; 4 5 6]·[1 0; 0 1; 1 1] = [4 5; 10 11], then overwritten in part by the column sums [5, 7, 9].
    expect([...(backend.readSync(out) as Float32Array)]).toEqual([5, 7, 9, 11]);
    const byKernel = Object.fromEntries(tally().map((t) => [t.kernel, t.calls]));
    expect(byKernel).toEqual({ alloc: 3, write: 2, "matmul 2x3x2": 2, "reduce sum [2, 3] axes [0]": 1, readSync: 1 });
    for (const t of tally()) expect(t.cpuMs).toBeGreaterThanOrEqual(0);
  });
});

describe("a profile snapshot", () => {
  it("stays as it was when kernels run after it was taken", () => {
    const backend = new JsBackend();
    const tally = profileKernels(backend);
    const id = backend.alloc(4);
    backend.fill(id, 1, 4);
    const before = tally();
    backend.fill(id, 2, 4);
    expect(before.find((t) => t.kernel === "fill")?.calls).toBe(1);
    expect(tally().find((t) => t.kernel === "fill")?.calls).toBe(2);
  });
});
