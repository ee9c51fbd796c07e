import { describe, expect, it } from "vitest";
import { formatProfile } from "./profile-report.js";
import { emptyRow } from "./row.js";

describe("formatProfile", () => {
  it("divides each kernel's CPU time and calls by the steps and gives its share", () => {
    const row = {
      ...emptyRow("chainrule-wasm-1t", "mlp"),
      kernelProfile: { steps: 4, kernels: [{ kernel: "matmul 128x784x128 +bias", calls: 4, cpuMs: 6 }, { kernel: "adamUpdate", calls: 16, cpuMs: 2 }] },
    };
    expect(formatProfile(row).split("\n")).toEqual([
      "kernel CPU time per training step, mlp × chainrule-wasm-1t (4 steps, 2.00 ms/step in kernels)",
      "",
      "ms/step  share  calls/step  kernel",
      "-------  -----  ----------  ------------------------",
      "  1.500  75.0%         1.0  matmul 128x784x128 +bias",
      "  0.500  25.0%         4.0  adamUpdate",
    ]);
  });
});
