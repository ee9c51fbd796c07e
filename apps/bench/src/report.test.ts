import { describe, expect, it } from "vitest";
import { formatReport } from "./report.js";
import { emptyRow, failedRow } from "./row.js";

describe("formatReport", () => {
  const rows = [
    { ...emptyRow("chainrule-js", "cnn"), epochSeconds: 61.25, epochCpuSeconds: 60.5, samplesPerSecond: 979.6, testAccuracy: 0.9734, peakRssMb: 130.4, samplesTrained: 60000 },
    { ...emptyRow("tfjs-cpu", "cnn"), epochSeconds: 2300, epochCpuSeconds: 2290, samplesPerSecond: 26.09, testAccuracy: 0.41, peakRssMb: 260.8, extrapolated: true, samplesTrained: 3136 },
    failedRow("tfjs-wasm", "cnn", "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'\n    at stack", 150),
  ];
  const [results, ratios] = formatReport(rows).split("\n\nchainrule / TF.js");

  it("prints each run's numbers, marks extrapolated epochs and gives the first line of an error", () => {
    const lines = results.split("\n");
    expect(lines[2]).toMatch(/^cnn\s+chainrule-js\s+61\.25\s+60\.50\s+980\s+97\.34%\s+—\s+130$/);
    expect(lines[3]).toMatch(/tfjs-cpu\s+2300\.00\s+2290\.00\s+26\s+41\.00%\s+—\s+261\s+extrapolated from 3136 samples$/);
    expect(lines[4]).toMatch(/tfjs-wasm\s+—\s+—\s+—\s+—\s+—\s+150\s+FAILED: Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'$/);
  });

  it("prints the speed and memory ratio of chainrule to TF.js", () => {
    // 979.6 / 26.09 = 37.55 times the samples per second; 130.4 / 260.8 = 0.5 of the memory.
    expect(ratios).toMatch(/cnn\s+chainrule-js\s+tfjs-cpu\s+37\.55\s+0\.50\s+—\s+extrapolated, accuracy not compared/);
  });

  it("prints chainrule's epoch time over PyTorch's, best of the thread counts, and each run of a repeated row", () => {
    const torch = [
      { ...emptyRow("chainrule-wasm-1t", "mlp"), epochSeconds: 0.8, samplesPerSecond: 75000, peakRssMb: 100, samplesTrained: 60000 },
      { ...emptyRow("chainrule-wasm-2t", "mlp"), epochSeconds: 0.75, samplesPerSecond: 80000, peakRssMb: 110, samplesTrained: 60000 },
      {
        ...emptyRow("pytorch-cpu-1t", "mlp"), epochSeconds: 0.3, samplesPerSecond: 200000, peakRssMb: 300, samplesTrained: 60000,
        repeats: [{ ok: true, epochSeconds: 0.25, epochCpuSeconds: 0.25, gflops: null, testAccuracy: 0.9, peakRssMb: 300 }, { ok: true, epochSeconds: 0.35, epochCpuSeconds: 0.35, gflops: null, testAccuracy: 0.9, peakRssMb: 290 }],
      },
      failedRow("pytorch-cpu-2t", "mlp", "timed out"),
    ];
    const report = formatReport(torch);
    expect(report).toMatch(/pytorch-cpu-1t\s+0\.30\s.*runs 0\.25, 0\.35 s$/m);
    expect(report).not.toContain("chainrule / TF.js");
    // 0.75 s against 0.3 s; 110 MB against 300 MB.
    expect(report.split("chainrule / PyTorch")[1]).toMatch(/mlp\s+chainrule-wasm-2t\s+pytorch-cpu-1t\s+2\.50\s+0\.37\s+—\s*$/m);
  });
});
