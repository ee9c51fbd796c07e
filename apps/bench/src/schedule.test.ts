import { describe, expect, it } from "vitest";
import { schedule } from "./schedule.js";

describe("schedule", () => {
  it("runs every system once per round, round after round, workload by workload (A B C A B C)", () => {
    const runs = schedule(["mlp", "matmul-256"], ["chainrule-wasm-1t", "tfjs-wasm", "pytorch-cpu-1t"], 2);
    expect(runs.map((r) => `${r.workload} ${r.system} ${r.repeat}`)).toEqual([
      "mlp chainrule-wasm-1t 0", "mlp tfjs-wasm 0", "mlp pytorch-cpu-1t 0",
      "mlp chainrule-wasm-1t 1", "mlp tfjs-wasm 1", "mlp pytorch-cpu-1t 1",
      "matmul-256 chainrule-wasm-1t 0", "matmul-256 tfjs-wasm 0", "matmul-256 pytorch-cpu-1t 0",
      "matmul-256 chainrule-wasm-1t 1", "matmul-256 tfjs-wasm 1", "matmul-256 pytorch-cpu-1t 1",
    ]);
  });

  it("runs each once for one repeat and rejects a count that is not a positive whole number", () => {
    expect(schedule(["cnn"], ["chainrule-js", "tfjs-cpu"], 1)).toEqual([
      { workload: "cnn", system: "chainrule-js", repeat: 0 },
      { workload: "cnn", system: "tfjs-cpu", repeat: 0 },
    ]);
    expect(() => schedule(["cnn"], ["chainrule-js"], 0)).toThrow(/repeats must be a positive whole number, got 0/);
    expect(() => schedule(["cnn"], ["chainrule-js"], 1.5)).toThrow(/got 1\.5/);
  });
});
