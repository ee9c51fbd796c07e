import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { UsageError } from "./errors.js";
import { parseDecimal, parseInteger } from "./numbers.js";

export const MODELS = ["mlp", "cnn", "deep-sigmoid", "deep-relu"] as const;
export const BACKENDS = ["js", "wasm", "webgpu"] as const;
export const OPTIMIZERS = ["sgd", "momentum", "adam", "adamw", "rmsprop"] as const;
export const SCHEDULES = ["constant", "cosine", "step", "onecycle"] as const;
export const DATASETS = ["mnist", "fashion"] as const;

/** One of the architectures the CLI builds. */
export type ModelName = (typeof MODELS)[number];

/** Everything a training run is told on the command line, defaults filled in. */
export interface TrainArgs {
  command: "train";
  /** null: the architecture saved in `load`, or without it cnn. */
  model: ModelName | null;
  backend: (typeof BACKENDS)[number];
  threads: number;
  /** null: the model's own recipe decides. */
  epochs: number | null;
  batchSize: number | null;
  lr: number | null;
  optimizer: (typeof OPTIMIZERS)[number] | null;
  schedule: (typeof SCHEDULES)[number] | null;
  batchnorm: boolean;
  dropout: number | null;
  seed: number;
  dataset: (typeof DATASETS)[number];
  dataDir: string | null;
  gradFlow: boolean;
  save: string | null;
  load: string | null;
  report: string | null;
  html: string | null;
  /** The trained model as ONNX, taking raw 0–255 pixels. */
  onnx: string | null;
  quiet: boolean;
  /** Print the stack trace of an error, not just its one-line message. */
  verbose: boolean;
}

/** `chainrule-mnist predict --load model.safetensors img.png ...` */
export interface PredictArgs {
  command: "predict";
  load: string;
  images: string[];
  backend: (typeof BACKENDS)[number];
  threads: number;
  top: number;
  verbose: boolean;
}

export type CliArgs = TrainArgs | PredictArgs | { command: "help" };

export const USAGE = `Usage:
  chainrule-mnist [options]                      train a model on MNIST and test it
  chainrule-mnist predict --load FILE IMG.png... classify PNG images with a saved model

Training options:
  --model mlp|cnn|deep-sigmoid|deep-relu   architecture (default cnn; with --load, the file's)
  --backend js|wasm|webgpu   where the kernels run (default wasm; webgpu: the GPU, through the npm
                             package webgpu in Node)
  --threads N                threads for the wasm backend's matmuls, convolutions and pooling, this one included
                             (default: training 2 where the machine has 2 cores, else 1; predict 1;
                             the js backend is single-threaded, webgpu runs on the GPU)
  --epochs N                 passes over the training set (default: the model's recipe)
  --batch-size N             samples per step (default: the model's recipe)
  --lr X                     peak learning rate (default: the model's recipe)
  --optimizer sgd|momentum|adam|adamw|rmsprop
  --schedule constant|cosine|step|onecycle
  --batchnorm                batch norm after each conv / hidden dense layer
  --dropout P                dropout before the classifier (0 ≤ P < 1)
  --seed N                   seed of init, shuffling, dropout and augmentation (default 1)
  --dataset mnist|fashion    digits or Fashion-MNIST (default mnist)
  --data-dir DIR             read the IDX files from DIR instead of the bundled copy
  --grad-flow                sample per-layer gradient flow and print it
  --save PATH                save the trained model (safetensors)
  --load PATH                start from a saved model (its architecture; --model may only repeat it)
  --report PATH              write a JSON report
  --html PATH                write a self-contained HTML report with charts
  --onnx PATH                export the trained model as ONNX (raw 0–255 pixels in, logits out)
  --quiet                    print only the final result
  --verbose                  show the stack trace of an error, not just its message
  --help                     show this help

Ctrl-C stops training after the current step, then tests and writes what was trained; a second
Ctrl-C quits at once.

Predict options:
  --load PATH                the saved model (required)
  --top N                    classes to show per image (default 3)
  --backend, --threads, --verbose   as above`;

const OPTIONS = {
  model: { type: "string" },
  backend: { type: "string" },
  threads: { type: "string" },
  epochs: { type: "string" },
  "batch-size": { type: "string" },
  lr: { type: "string" },
  optimizer: { type: "string" },
  schedule: { type: "string" },
  batchnorm: { type: "boolean" },
  dropout: { type: "string" },
  seed: { type: "string" },
  dataset: { type: "string" },
  "data-dir": { type: "string" },
  "grad-flow": { type: "boolean" },
  save: { type: "string" },
  load: { type: "string" },
  report: { type: "string" },
  html: { type: "string" },
  onnx: { type: "string" },
  quiet: { type: "boolean" },
  verbose: { type: "boolean" },
  top: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const TRAIN_ONLY = ["model", "epochs", "batch-size", "lr", "optimizer", "schedule", "batchnorm", "dropout", "seed", "dataset", "data-dir", "grad-flow", "save", "report", "html", "onnx", "quiet"];

/**
 * Parses and checks a command line (without `node cli.js`); every mistake is a {@link UsageError}
 * naming the flag and what it accepts.
 *
 * @example
 * parseCli(["--model", "mlp", "--epochs", "2"]); // { command: "train", model: "mlp", epochs: 2, ... }
 */
export function parseCli(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    // `pnpm start -- --epochs 2` hands the script a leading "--" that would end option parsing.
    const args = attachDashValues(argv[0] === "--" ? argv.slice(1) : argv);
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, "").split("\n")[0]);
  }
  const { values: v, positionals } = parsed;
  if (v.help) return { command: "help" };
  const backend = oneOf("--backend", v.backend ?? "wasm", BACKENDS);
  const threads = v.threads === undefined ? defaultThreads(backend, positionals[0] === "predict") : parseInteger("--threads", v.threads, 1, 64);

  if (positionals[0] === "predict") {
    const misplaced = TRAIN_ONLY.filter((k) => k !== "load" && v[k as keyof typeof v] !== undefined);
    if (misplaced.length) throw new UsageError(`predict does not take --${misplaced.join(", --")}`);
    if (!v.load) throw new UsageError("predict needs --load PATH (a model saved with --save)");
    const images = positionals.slice(1);
    if (images.length === 0) throw new UsageError("predict needs at least one PNG image");
    return { command: "predict", load: v.load, images, backend, threads, top: v.top === undefined ? 3 : parseInteger("--top", v.top, 1, 10), verbose: v.verbose ?? false };
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}' (the only command is 'predict')`);
  if (v.top !== undefined) throw new UsageError("--top belongs to the predict command");

  if (v.load !== undefined) {
    const reshaping = ["batchnorm", "dropout"].filter((k) => v[k as keyof typeof v] !== undefined);
    if (reshaping.length) throw new UsageError(`--${reshaping.join(" and --")} shape a new model; with --load the architecture comes from the file`);
  }
  return {
    command: "train",
    model: v.model === undefined ? null : oneOf("--model", v.model, MODELS),
    backend,
    threads,
    epochs: v.epochs === undefined ? null : parseInteger("--epochs", v.epochs, 1, 1000),
    batchSize: v["batch-size"] === undefined ? null : parseInteger("--batch-size", v["batch-size"], 1, 60000),
    lr: v.lr === undefined ? null : parseDecimal("--lr", v.lr, (n) => n > 0, "a positive number"),
    optimizer: v.optimizer === undefined ? null : oneOf("--optimizer", v.optimizer, OPTIMIZERS),
    schedule: v.schedule === undefined ? null : oneOf("--schedule", v.schedule, SCHEDULES),
    batchnorm: v.batchnorm ?? false,
    dropout: v.dropout === undefined ? null : parseDecimal("--dropout", v.dropout, (n) => n >= 0 && n < 1, "a number from 0 up to (not including) 1"),
    seed: v.seed === undefined ? 1 : parseInteger("--seed", v.seed, 0, 2 ** 32 - 1),
    dataset: oneOf("--dataset", v.dataset ?? "mnist", DATASETS),
    dataDir: v["data-dir"] ?? null,
    gradFlow: v["grad-flow"] ?? false,
    save: v.save ?? null,
    load: v.load ?? null,
    report: v.report ?? null,
    html: v.html ?? null,
    onnx: v.onnx ?? null,
    quiet: v.quiet ?? false,
    verbose: v.verbose ?? false,
  };
}

/**
 * `--epochs -1` as `--epochs=-1`: parseArgs takes a value that starts with a dash for a flag of
 * its own ("argument is ambiguous"), but a number flag's value may be negative (and is then
 * refused by its range, with a message saying so). After "--" nothing changes.
 */
function attachDashValues(argv: readonly string[]): string[] {
  const takesValue = (arg: string) => {
    const name = arg.startsWith("--") ? arg.slice(2) : "";
    return Object.hasOwn(OPTIONS, name) && OPTIONS[name as keyof typeof OPTIONS].type === "string";
  };
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--") return [...out, ...argv.slice(i)];
    const next = argv[i + 1];
    if (takesValue(argv[i]) && next !== undefined && /^-[^-]/.test(next)) {
      out.push(`${argv[i]}=${next}`);
      i++;
    } else {
      out.push(argv[i]);
    }
  }
  return out;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag}: expected one of ${allowed.join(", ")}, got '${value}'`);
  return value as T;
}

/**
 * Threads when --threads is not given: two for training on the wasm backend where the machine has
 * them (measured 2026-12-06 on a 2-core EPYC: the default CNN recipe took 20 s with two, 27 s with
 * one), one for predicting a few images, for the single-threaded js backend and for webgpu (the
 * host thread only queues work for the GPU).
 */
export function defaultThreads(backend: TrainArgs["backend"], predict: boolean): number {
  return backend === "wasm" && !predict ? Math.min(2, availableParallelism()) : 1;
}
