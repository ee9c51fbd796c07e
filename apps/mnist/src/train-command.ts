import { splitDataset } from "@chainrule/data-mnist";
import { loadModel, saveModel } from "@chainrule/layers/node";
import { SoftmaxCrossEntropy } from "@chainrule/losses";
import { setBackend, setSeed } from "@chainrule/tensor";
import { fit, type Evaluation } from "@chainrule/train";
import type { TrainArgs } from "./args.js";
import { selectBackend } from "./backend.js";
import { CurveRecorder } from "./curve.js";
import { loadDataset } from "./data.js";
import { duration, gradFlowTable, pct, TrainingDisplay } from "./display.js";
import { renderHtmlReport } from "./html-report.js";
import { layoutOfModel } from "./model-layout.js";
import { buildModel } from "./models.js";
import { makeOptimizer, makeSchedule } from "./optimizer.js";
import { resolveRecipe } from "./recipe.js";
import { buildReport, type RunReport } from "./report.js";
import { writeFileAtomic } from "./write-atomic.js";

/** Where the command writes. */
export interface Output {
  write: (text: string) => void;
  tty: boolean;
}

/** Samples of gradient flow per epoch when `--grad-flow` is on. */
const FLOW_SAMPLES_PER_EPOCH = 4;

/**
 * Trains the chosen model, tests it, and writes whatever was asked for (model, JSON report, HTML).
 *
 * @example
 * const report = await trainCommand(parseCli(process.argv.slice(2)) as TrainArgs, { write: console.log, tty: false });
 */
export async function trainCommand(a: TrainArgs, out: Output): Promise<RunReport> {
  const say = (text: string) => out.write(`${text}\n`);
  const started = performance.now();
  const { backend, label, threads, note } = await selectBackend(a.backend, a.threads);
  if (note) say(note);
  setBackend(backend);
  setSeed(a.seed);
  const recipe = resolveRecipe(a);
  const data = await loadDataset(a);
  const model = a.load ? await loadModel(a.load) : buildModel(a);
  const layout = layoutOfModel(model, a.load ?? a.model);
  const parameters = model.parameters().reduce((n, p) => n + p.size, 0);
  if (!a.quiet) {
    say(`chainrule-mnist: ${a.load ? `model from ${a.load}` : a.model} on ${a.dataset} (${data.train.size} train / ${data.test.size} test), backend ${label} on ${threadCount(threads)}, seed ${a.seed}`);
    say(`recipe: ${recipe.epochs} epochs, batch ${recipe.batchSize}, ${recipe.optimizer} lr ${recipe.lr} ${recipe.schedule}${recipe.augmentShift ? `, random shifts ±${recipe.augmentShift}px` : ""}`);
    model.summary({ print: say });
  }
  // Pixels scaled to [0, 1], which is what `predict` feeds a prepared PNG as.
  const train = splitDataset(data.train, { layout, normalize: "unit", ...(recipe.augmentShift > 0 ? { augment: { shift: recipe.augmentShift } } : {}) });
  const test = splitDataset(data.test, { layout, normalize: "unit" });
  const loss = new SoftmaxCrossEntropy();
  const stepsPerEpoch = Math.ceil(train.size / recipe.batchSize);
  const curve = new CurveRecorder();
  let history;
  try {
    history = await fit(model, {
      loss,
      optimizer: makeOptimizer(recipe, model.parameters()),
      schedule: makeSchedule(recipe, recipe.epochs * stepsPerEpoch),
      data: train,
      validation: test,
      epochs: recipe.epochs,
      batchSize: recipe.batchSize,
      seed: a.seed,
      ...(a.gradFlow ? { gradFlow: { every: Math.max(1, Math.floor(stepsPerEpoch / FLOW_SAMPLES_PER_EPOCH)) } } : {}),
      callbacks: [new TrainingDisplay({ quiet: a.quiet, tty: out.tty, write: out.write }), curve],
    });
  } finally {
    train.dispose();
    test.dispose();
  }
  // fit evaluated the test set after the last epoch (it always runs at least one): reuse that.
  const result = history.validation as Evaluation;
  if (a.save) await saveModel(model, a.save);
  const report = buildReport({
    args: a, backend: backend.name, threads, recipe, parameters, history, test: result, curve: curve.points, stepsPerEpoch,
    seconds: (performance.now() - started) / 1000, command: ["chainrule-mnist", ...process.argv.slice(2)].join(" "),
  });
  if (a.report) await writeFileAtomic(a.report, `${JSON.stringify(report, null, 2)}\n`);
  if (a.html) await writeFileAtomic(a.html, renderHtmlReport(report));
  if (a.gradFlow && a.quiet && history.gradFlow.length) say(gradFlowTable(history.gradFlow[0]));
  say(`test accuracy ${pct(report.testAccuracy)}, test loss ${report.testLoss.toFixed(4)} after ${history.epochs.length} epoch${history.epochs.length === 1 ? "" : "s"} in ${duration(report.seconds)} (${Math.round(report.samplesPerSecond)} samples/s on ${label}, ${threadCount(threads)})`);
  for (const [what, path] of [["model", a.save], ["report", a.report], ["html report", a.html]] as const) if (path) say(`${what} written to ${path}`);
  return report;
}

const threadCount = (n: number) => `${n} thread${n === 1 ? "" : "s"}`;
