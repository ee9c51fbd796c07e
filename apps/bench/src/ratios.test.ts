import { describe, expect, it } from "vitest";
import { compare } from "./ratios.js";
import { emptyRow, failedRow, type BenchRow } from "./row.js";

function trained(system: string, workload: string, samplesPerSecond: number, peakRssMb: number, testAccuracy: number): BenchRow {
  return {
    ...emptyRow(system, workload), samplesPerSecond, epochSeconds: 60000 / samplesPerSecond,
    peakRssMb, testAccuracy, samplesTrained: 60000, testSamples: 10000,
  };
}

describe("compare", () => {
  const rows = [
    trained("chainrule-js", "mlp", 6000, 150, 0.951),
    trained("chainrule-wasm-1t", "mlp", 70000, 120, 0.952),
    trained("chainrule-wasm-2t", "mlp", 90000, 125, 0.953),
    trained("tfjs-cpu", "mlp", 2000, 300, 0.949),
    trained("tfjs-wasm", "mlp", 10000, 500, 0.955),
    { ...failedRow("tfjs-wasm", "cnn", "Kernel 'Conv2DBackpropFilter' not registered"), peakRssMb: 400 },
    trained("chainrule-wasm-1t", "cnn", 15000, 130, 0.97),
    { ...failedRow("chainrule-wasm-2t", "cnn", "crashed") },
  ];

  it("compares JS with cpu and the faster WASM thread count with wasm", () => {
    const mlp = compare(rows).filter((c) => c.workload === "mlp");
    expect(mlp.map((c) => [c.chainrule, c.other])).toEqual([["chainrule-js", "tfjs-cpu"], ["chainrule-wasm-2t", "tfjs-wasm"]]);
    expect(mlp[0].speedup).toBeCloseTo(3, 12);
    expect(mlp[0].memory).toBeCloseTo(0.5, 12);
    expect(mlp[0].accuracyPoints).toBeCloseTo(0.2, 10);
    expect(mlp[1].speedup).toBeCloseTo(9, 12);
    expect(mlp[1].memory).toBeCloseTo(0.25, 12);
    expect(mlp[1].accuracyPoints).toBeCloseTo(-0.2, 10);
  });

  it("leaves ratios empty and says why when a side failed, skipping the failed thread count", () => {
    const [cnn] = compare(rows).filter((c) => c.workload === "cnn");
    expect(cnn).toMatchObject({ library: "TF.js", chainrule: "chainrule-wasm-1t", other: "tfjs-wasm", speedup: null, memory: null, accuracyPoints: null, note: "TF.js failed" });
  });

  it("compares GFLOPS for matmul, flags extrapolated epochs and compares accuracy only after equal training", () => {
    const mm = [
      { ...emptyRow("chainrule-js", "matmul-256"), gflops: 6, peakRssMb: 50 },
      { ...emptyRow("tfjs-cpu", "matmul-256"), gflops: 1.5, peakRssMb: 100 },
      { ...trained("chainrule-js", "cnn", 3000, 100, 0.97) },
      { ...trained("tfjs-cpu", "cnn", 30, 200, 0.5), extrapolated: true, samplesTrained: 3840 },
    ];
    const [matmul, cnn] = compare(mm);
    expect(matmul.speedup).toBeCloseTo(4, 12);
    expect(cnn.speedup).toBeCloseTo(100, 12);
    expect(cnn.accuracyPoints).toBeNull();
    expect(cnn.note).toBe("extrapolated, accuracy not compared: different samples trained");
  });

  it("compares the faster WASM thread count with the faster PyTorch thread count", () => {
    const withTorch = [
      ...rows,
      trained("pytorch-cpu-1t", "mlp", 180000, 300, 0.95),
      trained("pytorch-cpu-2t", "mlp", 150000, 310, 0.95),
      failedRow("pytorch-cpu-1t", "cnn", "PyTorch is not usable"),
      trained("pytorch-cpu-2t", "cnn", 20000, 320, 0.96),
    ];
    const torch = compare(withTorch).filter((c) => c.library === "PyTorch");
    expect(torch.map((c) => [c.workload, c.chainrule, c.other])).toEqual([["mlp", "chainrule-wasm-2t", "pytorch-cpu-1t"], ["cnn", "chainrule-wasm-1t", "pytorch-cpu-2t"]]);
    // 90,000 against 180,000 samples/s: chainrule's epoch takes twice PyTorch's.
    expect(torch[0].speedup).toBeCloseTo(0.5, 12);
    expect(torch[0].memory).toBeCloseTo(125 / 300, 12);
    expect(torch[0].accuracyPoints).toBeCloseTo(0.3, 10);
    expect(torch[1]).toMatchObject({ note: "" });
    expect(torch[1].speedup).toBeCloseTo(0.75, 12);
  });

  it("says PyTorch failed when neither thread count succeeded", () => {
    const c = compare([...rows, failedRow("pytorch-cpu-1t", "mlp", "no torch"), failedRow("pytorch-cpu-2t", "mlp", "no torch")]);
    expect(c.find((x) => x.library === "PyTorch")).toMatchObject({ workload: "mlp", other: "pytorch-cpu-1t", speedup: null, note: "PyTorch failed" });
  });
});
