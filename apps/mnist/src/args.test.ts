import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { availableParallelism } from "node:os";
import { defaultThreads, parseCli, type TrainArgs } from "./args.js";
import { UsageError } from "./errors.js";
import { numberLike } from "./test-arbitraries.js";

describe("parseCli", () => {
  it("fills in the defaults with no flags", () => {
    const a = parseCli([]);
    expect(a).toMatchObject({
      command: "train", model: null, backend: "wasm", threads: Math.min(2, availableParallelism()), epochs: null, batchSize: null, lr: null,
      optimizer: null, schedule: null, batchnorm: false, dropout: null, seed: 1, dataset: "mnist", dataDir: null,
      gradFlow: false, save: null, load: null, report: null, html: null, onnx: null, quiet: false, verbose: false,
    });
  });

  it("reads every training flag", () => {
    const a = parseCli([
      "--model", "deep-sigmoid", "--backend", "js", "--threads", "2", "--epochs", "3", "--batch-size", "32", "--lr", "0.05",
      "--optimizer", "momentum", "--schedule", "cosine", "--batchnorm", "--dropout", "0.25", "--seed", "7", "--dataset", "fashion",
      "--data-dir", "/d", "--grad-flow", "--save", "m.safetensors", "--report", "r.json", "--html", "r.html", "--onnx", "m.onnx", "--quiet", "--verbose",
    ]);
    expect(a).toEqual({
      command: "train", model: "deep-sigmoid", backend: "js", threads: 2, epochs: 3, batchSize: 32, lr: 0.05, optimizer: "momentum",
      schedule: "cosine", batchnorm: true, dropout: 0.25, seed: 7, dataset: "fashion", dataDir: "/d", gradFlow: true,
      save: "m.safetensors", load: null, report: "r.json", html: "r.html", onnx: "m.onnx", quiet: true, verbose: true,
    });
  });

  it("trains on two threads by default where the machine has them, one on the js and webgpu backends", () => {
    expect(defaultThreads("wasm", false)).toBe(Math.min(2, availableParallelism()));
    expect(parseCli(["--backend", "js"])).toMatchObject({ threads: 1 });
    expect(parseCli(["--backend", "webgpu"])).toMatchObject({ backend: "webgpu", threads: 1 });
    expect(parseCli(["--threads", "1"])).toMatchObject({ threads: 1 });
  });

  it("accepts --flag=value", () => {
    expect(parseCli(["--lr=1e-3", "--model=mlp"])).toMatchObject({ lr: 0.001, model: "mlp" });
  });

  it("parses the predict command", () => {
    expect(parseCli(["predict", "--load", "m.safetensors", "a.png", "b.png", "--top", "5"])).toEqual({
      command: "predict", load: "m.safetensors", images: ["a.png", "b.png"], backend: "wasm", threads: 1, top: 5, verbose: false,
    });
  });

  it("returns help for --help and -h", () => {
    expect(parseCli(["--help"])).toEqual({ command: "help" });
    expect(parseCli(["-h", "--model", "nope"])).toEqual({ command: "help" });
    expect(parseCli(["--", "--help"])).toEqual({ command: "help" });
  });

  it("reads a negative value as the flag's value, then refuses it by its range", () => {
    // parseArgs alone says "argument is ambiguous" and never gets to the number.
    expect(() => parseCli(["--epochs", "-1"])).toThrow(new UsageError("--epochs: expected an integer from 1 to 1000, got '-1'"));
    expect(() => parseCli(["--lr", "-0.5", "--model", "mlp"])).toThrow(new UsageError("--lr: expected a positive number, got '-0.5'"));
    expect(parseCli(["--save", "-odd-name.safetensors"])).toMatchObject({ save: "-odd-name.safetensors" });
    expect(() => parseCli(["--epochs", "-h"])).toThrow(new UsageError("--epochs: expected an integer from 1 to 1000, got '-h'"));
  });

  it("takes --model with --load only as a file's architecture to confirm, and refuses flags that reshape the model", () => {
    expect(parseCli(["--load", "m.safetensors"])).toMatchObject({ model: null, load: "m.safetensors" });
    expect(parseCli(["--load", "m.safetensors", "--model", "mlp"])).toMatchObject({ model: "mlp" });
    expect(() => parseCli(["--load", "m.safetensors", "--batchnorm", "--dropout", "0.1"]))
      .toThrow(new UsageError("--batchnorm and --dropout shape a new model; with --load the architecture comes from the file"));
  });

  const bad: [string[], RegExp][] = [
    [["--modle", "cnn"], /--modle/],
    [["--model", "resnet"], /^--model: expected one of mlp, cnn, deep-sigmoid, deep-relu, got 'resnet'$/],
    [["--backend", "gpu"], /^--backend: expected one of js, wasm, webgpu, got 'gpu'$/],
    [["--epochs", "two"], /^--epochs: expected an integer from 1 to 1000, got 'two'$/],
    [["--epochs", "1.5"], /^--epochs: expected an integer from 1 to 1000, got '1.5'$/],
    [["--epochs", "1e3"], /^--epochs: expected an integer from 1 to 1000, got '1e3'$/],
    [["--epochs", "0"], /^--epochs: expected an integer from 1 to 1000, got '0'$/],
    [["--epochs", "-1"], /^--epochs: expected an integer from 1 to 1000, got '-1'$/],
    [["--threads=-1"], /^--threads: expected an integer from 1 to 64, got '-1'$/],
    [["--threads", "0"], /^--threads: expected an integer from 1 to 64, got '0'$/],
    [["--batch-size", "0x40"], /^--batch-size: expected an integer from 1 to 60000, got '0x40'$/],
    [["--seed", "4294967296"], /^--seed: expected an integer from 0 to 4294967295, got '4294967296'$/],
    [["--lr", "0"], /^--lr: expected a positive number, got '0'$/],
    [["--lr", "0x10"], /^--lr: expected a positive number, got '0x10'$/],
    [["--lr", "abc"], /^--lr: expected a positive number, got 'abc'$/],
    [["--lr", "Infinity"], /^--lr: expected a positive number, got 'Infinity'$/],
    [["--dropout", "1"], /^--dropout: expected a number from 0 up to \(not including\) 1, got '1'$/],
    [["--optimizer", "lbfgs"], /^--optimizer: expected one of sgd, momentum, adam, adamw, rmsprop, got 'lbfgs'$/],
    [["--schedule", "warm"], /^--schedule: expected one of constant, cosine, step, onecycle, got 'warm'$/],
    [["--dataset", "cifar"], /^--dataset: expected one of mnist, fashion, got 'cifar'$/],
    [["--epochs"], /--epochs/],
    [["train"], /unexpected argument 'train'/],
    [["--top", "3"], /--top belongs to the predict command/],
    [["predict", "a.png"], /predict needs --load PATH/],
    [["predict", "--load", "m.safetensors"], /at least one PNG image/],
    [["predict", "--load", "m", "--epochs", "2", "a.png"], /predict does not take --epochs/],
    [["predict", "--load", "m", "--onnx", "m.onnx", "a.png"], /predict does not take --onnx/],
    [["predict", "--load", "m", "--top", "3.0", "a.png"], /^--top: expected an integer from 1 to 10, got '3.0'$/],
  ];
  it.each(bad)("rejects %j with a clear message", (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
    expect(() => parseCli(argv)).toThrow(message);
  });
});

describe("parseCli's number flags (property)", () => {
  const flags: [string, keyof TrainArgs | "top", string[]][] = [
    ["--epochs", "epochs", []], ["--batch-size", "batchSize", []], ["--seed", "seed", []], ["--threads", "threads", []],
    ["--lr", "lr", []], ["--dropout", "dropout", []], ["--top", "top", ["predict", "--load", "m.safetensors", "a.png"]],
  ];
  const read = (argv: string[], key: string): number | string => {
    try {
      return (parseCli(argv) as unknown as Record<string, number>)[key];
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      return "usage error";
    }
  };

  it.each(flags)("%s: any text is either the number it says (both spellings agree) or a usage error, never another number", (flag, key, rest) => {
    fc.assert(fc.property(numberLike, (s) => {
      const spaced = read([...rest, flag, s], key);
      const joined = read([...rest, `${flag}=${s}`], key);
      if (typeof joined === "string") return spaced === "usage error";
      return spaced === joined && joined === Number(s) && !/\s/.test(s) && joined === parseFloat(s);
    }), { seed: 20261128, numRuns: 1000 });
  });
});
