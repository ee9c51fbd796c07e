import { describe, expect, it } from "vitest";
import { parseCli, UsageError } from "./args.js";

describe("parseCli", () => {
  it("fills in the defaults with no flags", () => {
    const a = parseCli([]);
    expect(a).toMatchObject({
      command: "train", model: "cnn", backend: "wasm", threads: 1, epochs: null, batchSize: null, lr: null,
      optimizer: null, schedule: null, batchnorm: false, dropout: null, seed: 1, dataset: "mnist", dataDir: null,
      gradFlow: false, save: null, load: null, report: null, html: null, quiet: false,
    });
  });

  it("reads every training flag", () => {
    const a = parseCli([
      "--model", "deep-sigmoid", "--backend", "js", "--threads", "2", "--epochs", "3", "--batch-size", "32", "--lr", "0.05",
      "--optimizer", "momentum", "--schedule", "cosine", "--batchnorm", "--dropout", "0.25", "--seed", "7", "--dataset", "fashion",
      "--data-dir", "/d", "--grad-flow", "--save", "m.safetensors", "--load", "old.safetensors", "--report", "r.json", "--html", "r.html", "--quiet",
    ]);
    expect(a).toEqual({
      command: "train", model: "deep-sigmoid", backend: "js", threads: 2, epochs: 3, batchSize: 32, lr: 0.05, optimizer: "momentum",
      schedule: "cosine", batchnorm: true, dropout: 0.25, seed: 7, dataset: "fashion", dataDir: "/d", gradFlow: true,
      save: "m.safetensors", load: "old.safetensors", report: "r.json", html: "r.html", quiet: true,
    });
  });

  it("accepts --flag=value", () => {
    expect(parseCli(["--lr=1e-3", "--model=mlp"])).toMatchObject({ lr: 0.001, model: "mlp" });
  });

  it("parses the predict command", () => {
    expect(parseCli(["predict", "--load", "m.safetensors", "a.png", "b.png", "--top", "5"])).toEqual({
      command: "predict", load: "m.safetensors", images: ["a.png", "b.png"], backend: "wasm", threads: 1, top: 5,
    });
  });

  it("returns help for --help and -h", () => {
    expect(parseCli(["--help"])).toEqual({ command: "help" });
    expect(parseCli(["-h", "--model", "nope"])).toEqual({ command: "help" });
    expect(parseCli(["--", "--help"])).toEqual({ command: "help" });
  });

  const bad: [string[], RegExp][] = [
    [["--modle", "cnn"], /--modle/],
    [["--model", "resnet"], /--model must be one of mlp, cnn, deep-sigmoid, deep-relu; got 'resnet'/],
    [["--backend", "gpu"], /--backend must be one of js, wasm/],
    [["--epochs", "two"], /--epochs needs a number, got 'two'/],
    [["--epochs", "1.5"], /--epochs needs a whole number from 1 to 1000, got '1.5'/],
    [["--epochs", "0"], /--epochs needs a whole number/],
    [["--threads=-1"], /--threads needs a whole number from 1 to 64, got '-1'/],
    [["--threads", "0"], /--threads needs a whole number from 1 to 64/],
    [["--lr", "0"], /--lr must be a positive number, got 0/],
    [["--lr", "abc"], /--lr needs a number, got 'abc'/],
    [["--dropout", "1"], /--dropout must be in \[0, 1\), got 1/],
    [["--optimizer", "lbfgs"], /--optimizer must be one of sgd, momentum, adam, adamw, rmsprop/],
    [["--schedule", "warm"], /--schedule must be one of constant, cosine, step, onecycle/],
    [["--dataset", "cifar"], /--dataset must be one of mnist, fashion/],
    [["--epochs"], /--epochs/],
    [["train"], /unexpected argument 'train'/],
    [["--top", "3"], /--top belongs to the predict command/],
    [["predict", "a.png"], /predict needs --load PATH/],
    [["predict", "--load", "m.safetensors"], /at least one PNG image/],
    [["predict", "--load", "m", "--epochs", "2", "a.png"], /predict does not take --epochs/],
  ];
  it.each(bad)("rejects %j with a clear message", (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
    expect(() => parseCli(argv)).toThrow(message);
  });
});
