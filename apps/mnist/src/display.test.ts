import type { EpochLog, GradFlowSample, TrainContext } from "@chainrule/train";
import { describe, expect, it } from "vitest";
import { duration, gradFlowTable, TrainingDisplay } from "./display.js";

const ctx: TrainContext = { model: { forward: (x) => x, backward: (d) => d, parameters: () => [] }, epochs: 2, stepsPerEpoch: 4, samplesPerEpoch: 400, stop: () => undefined };
const flow: GradFlowSample = {
  step: 1, epoch: 0, layers: [
    { kind: "weights", layer: "fc1", parameter: "fc1.weight", gradNorm: 2.5e-5, weightNorm: 5, ratio: 5e-6 },
    { kind: "relu", layer: "relu_1", fraction: 0.125 },
  ],
};
const epochLog: EpochLog = { epoch: 0, loss: 0.31416, accuracy: 0.9, valLoss: 0.2, valAccuracy: 0.95, lr: 0.003, samples: 400, seconds: 2.25, trainSeconds: 2, samplesPerSecond: 200 };

function run(quiet: boolean): string[] {
  const lines: string[] = [];
  const d = new TrainingDisplay({ quiet, tty: false, write: (t) => lines.push(...t.trimEnd().split("\n")) });
  d.onTrainBegin(ctx);
  d.onEpochBegin(0, ctx);
  for (let b = 0; b < 4; b++) d.onBatchEnd({ epoch: 0, batch: b, step: b + 1, loss: 1 - b / 10, accuracy: 0.5 + b / 10, lr: 0.003, size: 100, seen: 100 * (b + 1) }, ctx);
  d.onGradFlow(flow);
  d.onEpochEnd(epochLog, ctx);
  return lines;
}

describe("TrainingDisplay without a terminal", () => {
  it("prints plain progress lines with running means, then the epoch table and the gradient-flow table", () => {
    const lines = run(false);
    expect(lines[0]).toBe("training for 2 epochs of 400 samples (4 steps each)");
    // Running means after 1, 2, 3 batches of 100: loss (1 + 0.9 + 0.8)/3 = 0.9, accuracy (0.5 + 0.6 + 0.7)/3 = 60%.
    expect(lines.filter((l) => l.startsWith("epoch 1/2 "))).toHaveLength(3);
    expect(lines[1]).toMatch(/^epoch 1\/2 {2}25% loss 1\.0000 acc 50\.00% \d+ samples\/s/);
    expect(lines[3]).toMatch(/^epoch 1\/2 {2}75% loss 0\.9000 acc 60\.00% /);
    expect(lines[4]).toMatch(/^epoch\s+train loss\s+train acc\s+test loss\s+test acc\s+lr\s+seconds\s+samples\/s$/);
    expect(lines[6].trim().split(/\s+/)).toEqual(["1/2", "0.3142", "90.00%", "0.2000", "95.00%", "3.0e-3", "2.3", "200"]);
    expect(lines[7]).toBe("gradient flow at step 1");
    expect(lines.slice(10).map((l) => l.trim().split(/\s+/))).toEqual([["fc1", "weights", "2.50e-5", "5.00e-6"], ["relu_1", "relu", "12.50%", "dead"]]);
  });

  it("prints nothing when quiet", () => {
    expect(run(true)).toEqual([]);
  });
});

describe("formatting", () => {
  it("formats durations and the gradient-flow table", () => {
    expect([duration(5.4), duration(65), duration(Infinity)]).toEqual(["5s", "1m 05s", "?"]);
    expect(gradFlowTable(flow).split("\n")[1]).toMatch(/^layer\s+kind\s+‖∂L\/∂W‖\s+‖∂L\/∂W‖\/‖W‖\s+units$/);
  });
});
