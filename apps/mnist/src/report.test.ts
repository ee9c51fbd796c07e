import { confusionMatrix, addToConfusion, type EpochLog, type Evaluation, type GradFlowSample, type History } from "@chainrule/train";
import { describe, expect, it } from "vitest";
import { parseCli, type TrainArgs } from "./args.js";
import { renderHtmlReport } from "./html-report.js";
import { buildReport, type RunResult } from "./report.js";

function epoch(i: number, samples: number, trainSeconds: number, valAcc: number): EpochLog {
  return {
    epoch: i, loss: [0.5, 0.25][i], accuracy: [0.8, 0.85][i], valLoss: [0.4, 0.2][i], valAccuracy: valAcc, lr: 0.01,
    samples, seconds: trainSeconds + 1, trainSeconds, samplesPerSecond: samples / trainSeconds,
  };
}

const flow: GradFlowSample = {
  step: 1, epoch: 0, layers: [
    { kind: "weights", layer: "fc1", parameter: "fc1.weight", gradNorm: 1e-5, weightNorm: 2, ratio: 5e-6 },
    { kind: "sigmoid", layer: "sigmoid_1", fraction: 0.25 },
    { kind: "weights", layer: "logits", parameter: "logits.weight", gradNorm: 0.3, weightNorm: 3, ratio: 0.1 },
  ],
};

function result(args: TrainArgs): RunResult {
  const cm = confusionMatrix(3);
  addToConfusion(cm, [0, 1, 1, 2, 2, 0], [0, 1, 1, 2, 2, 2]);
  const test: Evaluation = { loss: 0.123, samples: 6, accuracy: 5 / 6, perClassAccuracy: [1, 1, 2 / 3], confusion: cm };
  const history: History = { epochs: [epoch(0, 600, 3, 0.7), epoch(1, 600, 2, 0.8)], gradFlow: [flow], steps: 20, validation: test, stopReason: null };
  return {
    args, model: args.model ?? "cnn", backend: "js", threads: args.threads, recipe: { epochs: 2, batchSize: 64, lr: 0.01, optimizer: "adam", schedule: "cosine", augmentShift: 0 },
    parameters: 1234, history, test, curve: [{ step: 5, loss: 0.9, accuracy: 0.6 }, { step: 10, loss: 0.4, accuracy: 0.85 }],
    stepsPerEpoch: 10, seconds: 7.5, command: "chainrule-mnist --model mlp <x>",
  };
}

describe("buildReport", () => {
  it("holds the required fields, with throughput over training time only", () => {
    const args = parseCli(["--model", "mlp", "--seed", "4", "--threads", "2"]) as TrainArgs;
    const r = buildReport(result(args));
    expect(r).toMatchObject({ testAccuracy: 5 / 6, testLoss: 0.123, seconds: 7.5, backend: "js", threads: 2, model: "mlp", seed: 4, parameters: 1234 });
    // 1200 samples in 3 + 2 training seconds; the epochs' extra evaluation second does not count.
    expect(r.samplesPerSecond).toBe(240);
    expect(r.epochs).toEqual([
      { epoch: 1, trainLoss: 0.5, trainAccuracy: 0.8, testLoss: 0.4, testAccuracy: 0.7, lr: 0.01, seconds: 4, samplesPerSecond: 200 },
      { epoch: 2, trainLoss: 0.25, trainAccuracy: 0.85, testLoss: 0.2, testAccuracy: 0.8, lr: 0.01, seconds: 3, samplesPerSecond: 300 },
    ]);
    expect(r.confusion).toEqual([[1, 0, 0], [0, 2, 0], [1, 0, 2]]);
    expect(r.perClassAccuracy).toEqual([1, 1, 2 / 3]);
    expect(r.gradFlow).toBeUndefined();
  });

  it("carries the gradient-flow samples with --grad-flow", () => {
    const r = buildReport(result(parseCli(["--grad-flow"]) as TrainArgs));
    expect(r.gradFlow).toEqual([flow]);
  });

  it("is plain JSON: it reads back the same", () => {
    const r = buildReport(result(parseCli(["--grad-flow"]) as TrainArgs));
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});

describe("renderHtmlReport", () => {
  const html = renderHtmlReport(buildReport(result(parseCli(["--grad-flow", "--model", "deep-sigmoid"]) as TrainArgs)));

  it("is self-contained: inline SVG charts, no scripts, no external assets", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html.match(/<svg /g)).toHaveLength(5);
  });

  it("shows the curves, the epochs, the confusion matrix and each layer's gradient flow", () => {
    expect(html).toContain("83.33% test accuracy");
    expect((html.match(/<polyline /g) ?? []).length).toBe(4);
    expect(html).toContain('<td class="diag">2</td>');
    for (const layer of ["fc1", "logits", "sigmoid_1"]) expect(html).toContain(`>${layer}</text>`);
    expect(html).toContain("1.00e-5");
  });

  it("escapes text from the command line", () => {
    expect(html).toContain("chainrule-mnist --model mlp &lt;x&gt;");
    expect(html).not.toContain("<x>");
  });
});
