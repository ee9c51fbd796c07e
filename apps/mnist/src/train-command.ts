import { splitDataset } from "@chainrule/data-mnist";
import { serializeModel } from "@chainrule/layers";
import { SoftmaxCrossEntropy } from "@chainrule/losses";
import { exportOnnx } from "@chainrule/onnx";
import { setBackend, setSeed } from "@chainrule/tensor";
import { fit, type Evaluation } from "@chainrule/train";
import type { TrainArgs } from "./args.js";
import { selectBackend } from "./backend.js";
import { CurveRecorder } from "./curve.js";
import { loadDataset } from "./data.js";
import { count, duration, gradFlowTable, pct, TrainingDisplay } from "./display.js";
import { renderHtmlReport } from "./html-report.js";
import { InterruptHandler } from "./interrupt.js";
import { loadModelFile } from "./load-model.js";
import { layoutOfModel } from "./model-layout.js";
import { buildModel, runModelName } from "./models.js";
import { onnxUsage } from "./onnx-usage.js";
import { makeOptimizer, makeSchedule } from "./optimizer.js";
import { checkOutputs, outputFiles, writeOutput, type OutputFile } from "./outputs.js";
import { NORMALIZE, ONNX_PREPROCESS } from "./pixels.js";
import { resolveRecipe } from "./recipe.js";
import { buildReport } from "./report.js";

/** Where the command writes: results to `write`, problems to `warn` (one line each). */
export interface Output {
  write: (text: string) => void;
  warn: (line: string) => void;
  tty: boolean;
}

/** Samples of gradient flow per epoch when `--grad-flow` is on. */
const FLOW_SAMPLES_PER_EPOCH = 4;

/**
 * Trains the chosen model, tests it, and writes whatever was asked for (model, JSON report, HTML, ONNX).
 * Output paths are checked before training; an output that still cannot be written at the end is
 * written elsewhere (see {@link writeOutput}). Ctrl-C stops after the current step and the run
 * ends as usual with what was trained. Returns the exit code: 0, 1 when an output went elsewhere,
 * 130 when interrupted.
 *
 * @example
 * process.exitCode = await trainCommand(parseCli(process.argv.slice(2)) as TrainArgs, { write: (t) => process.stdout.write(t), warn: console.error, tty: false });
 */
export async function trainCommand(a: TrainArgs, out: Output): Promise<number> {
  const say = (text: string) => out.write(`${text}\n`);
  const started = performance.now();
  const outputs = outputFiles(a);
  await checkOutputs(outputs);
  const { backend, threads, note } = await selectBackend(a.backend, a.threads);
  if (note) say(note);
  setBackend(backend);
  setSeed(a.seed);
  const data = await loadDataset(a);
  const loaded = a.load ? await loadModelFile(a.load) : null;
  const name = runModelName(a, loaded);
  const model = loaded ?? buildModel({ ...a, model: name });
  const layout = layoutOfModel(model, a.load ?? name);
  const recipe = resolveRecipe(a, name);
  const parameters = model.parameters().reduce((n, p) => n + p.size, 0);
  if (!a.quiet) {
    say(`chainrule-mnist: ${a.load ? `${name} from ${a.load}` : name} on ${a.dataset} (${data.train.size} train / ${data.test.size} test), backend ${backend.label}, seed ${a.seed}`);
    say(`recipe: ${count(recipe.epochs, "epoch")}, batch ${recipe.batchSize}, ${recipe.optimizer} lr ${recipe.lr} ${recipe.schedule}${recipe.augmentShift ? `, random shifts ±${recipe.augmentShift}px` : ""}`);
    model.summary({ print: say });
  }
  const train = splitDataset(data.train, { layout, normalize: NORMALIZE, ...(recipe.augmentShift > 0 ? { augment: { shift: recipe.augmentShift } } : {}) });
  const test = splitDataset(data.test, { layout, normalize: NORMALIZE });
  const stepsPerEpoch = Math.ceil(train.size / recipe.batchSize);
  const curve = new CurveRecorder();
  const display = new TrainingDisplay({ quiet: a.quiet, tty: out.tty, write: out.write });
  const interrupt = new InterruptHandler({
    signals: process,
    exit: (code) => {
      display.onTrainEnd(); // gives the terminal its cursor back
      process.exit(code);
    },
    warn: out.warn,
  });
  try {
    let history;
    try {
      history = await fit(model, {
        loss: new SoftmaxCrossEntropy(),
        optimizer: makeOptimizer(recipe, model.parameters()),
        schedule: makeSchedule(recipe, recipe.epochs * stepsPerEpoch),
        data: train,
        validation: test,
        epochs: recipe.epochs,
        batchSize: recipe.batchSize,
        seed: a.seed,
        ...(a.gradFlow ? { gradFlow: { every: Math.max(1, Math.floor(stepsPerEpoch / FLOW_SAMPLES_PER_EPOCH)) } } : {}),
        callbacks: [display, curve, interrupt],
      });
    } finally {
      train.dispose();
      test.dispose();
    }
    if (interrupt.stoppedAt) say(`stopped at epoch ${interrupt.stoppedAt.epoch} step ${interrupt.stoppedAt.step}`);
    // fit evaluated the test set after the last epoch (it always runs at least one step): reuse that.
    const report = buildReport({
      args: a, model: name, backend: backend.name, threads, recipe, parameters, history, test: history.validation as Evaluation, curve: curve.points,
      stepsPerEpoch, seconds: (performance.now() - started) / 1000, command: ["chainrule-mnist", ...process.argv.slice(2)].join(" "),
    });
    if (a.gradFlow && a.quiet && history.gradFlow.length) say(gradFlowTable(history.gradFlow[0]));
    say(`test accuracy ${pct(report.testAccuracy)}, test loss ${report.testLoss.toFixed(4)} after ${count(history.epochs.length, "epoch")} in ${duration(report.seconds)} (${Math.round(report.samplesPerSecond)} samples/s on ${backend.label})`);
    const contents = (f: OutputFile): Promise<string | Uint8Array> | string => {
      switch (f.what) {
        case "model": return serializeModel(model);
        case "report": return `${JSON.stringify(report, null, 2)}\n`;
        case "html report": return renderHtmlReport(report);
        case "ONNX model": return exportOnnx(model, { preprocess: ONNX_PREPROCESS });
      }
    };
    let allWritten = true;
    for (const f of outputs) {
      const written = await writeOutput(f, await contents(f), say, out.warn);
      if (written && f.what === "ONNX model" && !a.quiet) for (const line of onnxUsage(f.path, model.inputShape ?? [])) say(line);
      allWritten = written && allWritten;
    }
    return interrupt.stoppedAt ? 130 : allWritten ? 0 : 1;
  } finally {
    interrupt.dispose();
  }
}
