import { describe, expect, it } from "vitest";
import { parseCli, type TrainArgs } from "./args.js";
import { layoutOfModel } from "./model-layout.js";
import { Dense, Sequential } from "@chainrule/layers";
import { CliError } from "./errors.js";
import { buildModel, runModelName } from "./models.js";
import { makeSchedule } from "./optimizer.js";
import { resolveRecipe } from "./recipe.js";

const args = (...argv: string[]) => parseCli(argv) as TrainArgs;
const build = (a: TrainArgs) => buildModel({ ...a, model: runModelName(a, null) });
const count = (a: TrainArgs) => build(a).parameters().reduce((n, p) => n + p.size, 0);

describe("buildModel", () => {
  it("builds each architecture with the parameter count worked out by hand", () => {
    // conv1 3·3·1·8 + 8, conv2 3·3·8·16 + 16, fc1 (7·7·16)·64 + 64, logits 64·10 + 10
    expect(count(args())).toBe(80 + 1168 + 50240 + 650);
    // fc1 784·256 + 256, fc2 256·128 + 128, logits 128·10 + 10
    expect(count(args("--model", "mlp"))).toBe(200960 + 32896 + 1290);
    // 784·64 + 64, then 7 × (64·64 + 64), then 64·10 + 10
    expect(count(args("--model", "deep-sigmoid"))).toBe(50240 + 7 * 4160 + 650);
    // BatchNorm adds γ and β per channel / unit: 8 + 16 + 64 channels, ×2.
    expect(count(args("--batchnorm"))).toBe(52138 + 2 * (8 + 16 + 64));
  });

  it("puts dropout before the classifier and the right activations in the deep nets", () => {
    const names = (a: TrainArgs) => build(a).layers.map((l) => l.constructor.name);
    expect(names(args("--model", "mlp", "--dropout", "0.2")).slice(-2)).toEqual(["Dropout", "Dense"]);
    expect(names(args("--model", "deep-sigmoid")).filter((n) => n === "Sigmoid")).toHaveLength(8);
    expect(names(args("--model", "deep-relu")).filter((n) => n === "ReLU")).toHaveLength(8);
  });

  it("tells the input layout from the model", () => {
    expect(layoutOfModel(build(args()), "cnn")).toBe("image");
    expect(layoutOfModel(build(args("--model", "mlp")), "mlp")).toBe("flat");
  });
});

describe("runModelName", () => {
  const saved = (name: string) => new Sequential([new Dense({ units: 10 })], { inputShape: [784], name });

  it("trains --model, by default cnn, and with --load the file's architecture", () => {
    expect(runModelName(args(), null)).toBe("cnn");
    expect(runModelName(args("--model", "deep-relu"), null)).toBe("deep-relu");
    expect(runModelName(args("--load", "m.safetensors"), saved("mlp"))).toBe("mlp");
    expect(runModelName(args("--load", "m.safetensors", "--model", "mlp"), saved("mlp"))).toBe("mlp");
  });

  it("refuses a --model that disagrees with the file, and needs one for a model of another name", () => {
    expect(() => runModelName(args("--load", "m.safetensors", "--model", "cnn"), saved("mlp")))
      .toThrow(new CliError("--model cnn disagrees with --load m.safetensors, whose model is mlp; leave out --model (the file's architecture is used)"));
    expect(() => runModelName(args("--load", "m.safetensors"), saved("logreg")))
      .toThrow(new CliError("--load m.safetensors: the file holds a model named 'logreg', none of mlp, cnn, deep-sigmoid, deep-relu; add --model to choose the recipe it is trained with"));
    expect(runModelName(args("--load", "m.safetensors", "--model", "mlp"), saved("logreg"))).toBe("mlp");
  });
});

describe("recipes and schedules", () => {
  it("lets flags override the model's recipe", () => {
    const r = resolveRecipe(args("--epochs", "1", "--lr", "0.5", "--optimizer", "sgd", "--schedule", "step", "--batch-size", "10"), "cnn");
    expect(r).toMatchObject({ epochs: 1, lr: 0.5, optimizer: "sgd", schedule: "step", batchSize: 10 });
  });

  it("drops the step schedule ×0.1 at half and ×0.01 at three quarters of the run", () => {
    const s = makeSchedule({ ...resolveRecipe(args(), "cnn"), lr: 0.1, schedule: "step" }, 100);
    expect([s(0), s(49), s(50), s(74), s(75), s(99)].map((v) => Number(v.toPrecision(6)))).toEqual([0.1, 0.1, 0.01, 0.01, 0.001, 0.001]);
  });

  it("runs one-cycle from lr/25 up to lr at 20% and down near 0 at the end; cosine from lr to 0", () => {
    const one = makeSchedule({ ...resolveRecipe(args(), "cnn"), lr: 0.01, schedule: "onecycle" }, 1000);
    expect(one(0)).toBeCloseTo(0.01 / 25, 12);
    expect(one(199)).toBeCloseTo(0.01, 12);
    expect(one(999)).toBeCloseTo(0.01 / 25 / 1e4, 12);
    const cos = makeSchedule({ ...resolveRecipe(args(), "cnn"), lr: 0.01, schedule: "cosine" }, 1000);
    expect([cos(0), cos(500), cos(1000)].map((v) => Number(v.toFixed(12)))).toEqual([0.01, 0.005, 0]);
  });
});
