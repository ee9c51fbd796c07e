import { describe, expect, it } from "vitest";
import { DEFAULT_PYTHON, parseBenchArgs } from "./args.js";
import { MATMUL_WORKLOADS, SYSTEMS } from "./plan.js";

describe("parseBenchArgs", () => {
  it("runs every system on every workload for a whole epoch by default", () => {
    const o = parseBenchArgs([]);
    expect(o.systems).toEqual([...SYSTEMS]);
    expect(o.workloads).toEqual(["mlp", "cnn", ...Object.keys(MATMUL_WORKLOADS)]);
    expect(o.maxBatches).toBeNull();
    expect(o.maxSeconds).toBe(600);
    expect(o.testSamples).toBe(10000);
    expect(o.repeats).toBe(2);
    expect(o.python).toBe(DEFAULT_PYTHON);
    expect(o.json).toBeNull();
  });

  it("--quick trains 20 batches (10 s at most) and scores 1000 test images unless told otherwise", () => {
    const o = parseBenchArgs(["--quick", "--systems", "chainrule-js,tfjs-cpu", "--workloads", "mlp,matmul-256", "--json", "out.json"]);
    expect(o).toMatchObject({ quick: true, maxBatches: 20, maxSeconds: 10, testSamples: 1000, repeats: 1, systems: ["chainrule-js", "tfjs-cpu"], workloads: ["mlp", "matmul-256"], json: "out.json" });
    expect(parseBenchArgs(["--quick", "--max-batches", "5", "--test-samples", "200"])).toMatchObject({ maxBatches: 5, testSamples: 200 });
  });

  it("skips the '--' that pnpm passes through", () => {
    expect(parseBenchArgs(["--", "--quick"]).quick).toBe(true);
  });

  it("reads the time limits, the repeats and the interpreter", () => {
    expect(parseBenchArgs(["--max-seconds", "90", "--timeout", "120"])).toMatchObject({ maxSeconds: 90, timeoutSeconds: 120 });
    expect(parseBenchArgs(["--quick", "--repeats", "3", "--python", "/opt/venv/bin/python"])).toMatchObject({ repeats: 3, python: "/opt/venv/bin/python" });
  });

  it("rejects bad numbers and unknown flags with the flag's name", () => {
    expect(() => parseBenchArgs(["--max-seconds", "0"])).toThrow(/--max-seconds must be a positive number, got .0./);
    expect(() => parseBenchArgs(["--timeout", "soon"])).toThrow(/--timeout must be a positive number, got .soon./);
    expect(() => parseBenchArgs(["--max-batches", "2.5"])).toThrow(/--max-batches must be a whole number/);
    expect(() => parseBenchArgs(["--repeats", "1.5"])).toThrow(/--repeats must be a whole number/);
    expect(() => parseBenchArgs(["--repeats", "0"])).toThrow(/--repeats must be a positive number/);
    expect(() => parseBenchArgs(["--fast"])).toThrow(/--fast/);
  });
});
