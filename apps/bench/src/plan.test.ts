import { describe, expect, it } from "vitest";
import { checkSystems, expandWorkloads, isPytorchSystem, MATMUL_WORKLOADS, PYTORCH_SYSTEMS, PYTORCH_THREADS, SYSTEMS } from "./plan.js";

describe("expandWorkloads", () => {
  it("expands matmul into every shape, keeps the order and drops repeats", () => {
    expect(expandWorkloads(["cnn", "matmul", "matmul-256", "mlp"])).toEqual(["cnn", ...Object.keys(MATMUL_WORKLOADS), "mlp"]);
  });

  it("names the unknown workload and the valid ones", () => {
    expect(() => expandWorkloads(["mlp", "resnet"])).toThrow(/unknown workload 'resnet'.*mlp, cnn/);
  });
});

describe("checkSystems", () => {
  it("accepts known systems and names an unknown one", () => {
    expect(checkSystems(["tfjs-cpu", "chainrule-js"])).toEqual(["tfjs-cpu", "chainrule-js"]);
    expect(() => checkSystems(["tfjs-webgl"])).toThrow(/unknown system 'tfjs-webgl'/);
  });
});

describe("the PyTorch systems", () => {
  it("are systems like the others, told apart by isPytorchSystem, with their thread counts", () => {
    expect(checkSystems(["pytorch-cpu-2t", "tfjs-cpu"])).toEqual(["pytorch-cpu-2t", "tfjs-cpu"]);
    expect(SYSTEMS.filter(isPytorchSystem)).toEqual([...PYTORCH_SYSTEMS]);
    expect(PYTORCH_THREADS).toEqual({ "pytorch-cpu-1t": 1, "pytorch-cpu-2t": 2 });
  });
});
