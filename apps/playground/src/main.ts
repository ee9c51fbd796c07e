// The page: wires the form, buttons, charts, gallery and drawing pad to the training worker.
import { prepareDigit, type GreyImage } from "@chainrule/data-mnist";
import "uplot/dist/uPlot.min.css";
import "./style.css";
import { MNIST_URL_DIR } from "./mnist-location.js";
import {
  DEFAULT_SETTINGS, MODEL_KINDS, SUGGESTED_LEARNING_RATE, type ModelKind, type OptimizerKind, type RunState, type WorkerRequest, type WorkerResponse,
} from "./protocol.js";
import { createCurvesChart } from "./ui/curves-chart.js";
import { downloadBytes } from "./ui/download.js";
import { createDrawPad } from "./ui/draw-pad.js";
import { createFlowChart } from "./ui/flow-chart.js";
import { createGallery, type Gallery } from "./ui/gallery.js";
import { paintDigit } from "./ui/paint-digit.js";
import { createProbabilityBars } from "./ui/probabilities.js";
import { lockRunFields, readSettings, writeSettings } from "./ui/settings-form.js";
import { offerWebGpu } from "./ui/webgpu-option.js";

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`playground: the page has no element #${id}`);
  return el as T;
}

const form = byId<HTMLFormElement>("settings");
const buttons = {
  start: byId<HTMLButtonElement>("start"),
  pause: byId<HTMLButtonElement>("pause"),
  reset: byId<HTMLButtonElement>("reset"),
  save: byId<HTMLButtonElement>("save"),
  saveOnnx: byId<HTMLButtonElement>("save-onnx"),
};
const loadInput = byId<HTMLInputElement>("load");
const statusEl = byId("status");
const errorEl = byId("error");
const stat = (name: string) => byId(`stat-${name}`);
const probabilitiesEl = byId<HTMLOListElement>("probabilities");

const curves = createCurvesChart(byId("chart-curves"));
const flow = createFlowChart(byId("chart-flow"));
const bars = createProbabilityBars(probabilitiesEl);
let gallery: Gallery | null = null;

const worker = new Worker(new URL("./worker/train-worker.ts", import.meta.url), { type: "module" });
const send = (req: WorkerRequest, transfer: Transferable[] = []) => worker.postMessage(req, transfer);

// ---- drawing and prediction: one request in flight; a newer drawing waits for the answer ----
let drawing: Float32Array | null = null;
let predicting = false;
let stale = false;
let predictionId = 0;

function requestPrediction(): void {
  if (!drawing) {
    bars.show(null);
    probabilitiesEl.dataset.pending = "false";
    return;
  }
  probabilitiesEl.dataset.pending = "true";
  if (predicting) {
    stale = true;
    return;
  }
  predicting = true;
  stale = false;
  const pixels = drawing.slice();
  send({ type: "predict", id: ++predictionId, pixels }, [pixels.buffer]);
}

const preparedCanvas = byId<HTMLCanvasElement>("prepared");
const pad = createDrawPad(byId<HTMLCanvasElement>("pad"), (img: GreyImage) => {
  // The pad gives ink from alpha (1 on 0), so the border must not be read as paper colour.
  const pixels = prepareDigit(img, { background: "dark" });
  paintDigit(preparedCanvas, pixels, 1, false);
  drawing = pixels.some((v) => v > 0) ? pixels : null;
  requestPrediction();
});
byId("clear").addEventListener("click", () => pad.clear());

// ---- controls ----
let state: RunState = "loading";
let hasRun = false;

function showState(next: RunState, detail: string, step: number): void {
  state = next;
  statusEl.dataset.state = next;
  statusEl.dataset.step = String(step);
  statusEl.textContent = detail;
  buttons.start.disabled = !(next === "ready" || next === "paused" || next === "done");
  buttons.start.textContent = hasRun && next !== "ready" ? "Resume" : "Start";
  buttons.pause.disabled = next !== "training";
  buttons.reset.disabled = !hasRun;
  buttons.save.disabled = !hasRun;
  buttons.saveOnnx.disabled = !hasRun;
  loadInput.disabled = next === "loading";
}

function showError(message: string | null): void {
  errorEl.hidden = message === null;
  errorEl.textContent = message ?? "";
}

function clearRunViews(): void {
  curves.clear();
  flow.clear();
  gallery?.showPredictions(null);
  for (const name of ["step", "epoch", "loss", "train-accuracy", "test-accuracy", "speed"]) stat(name).textContent = "–";
  delete stat("test-accuracy").dataset.value;
}

const percent = (v: number) => `${(100 * v).toFixed(1)}%`;

buttons.start.addEventListener("click", () => {
  try {
    showError(null);
    send({ type: "start", settings: readSettings(form) });
  } catch (e) {
    showError((e as Error).message);
  }
});
// A new optimizer gets a learning rate that suits it; the user may still change it.
const optimizerSelect = form.querySelector<HTMLSelectElement>('select[name="optimizer"]');
optimizerSelect?.addEventListener("change", () => {
  writeSettings(form, { learningRate: SUGGESTED_LEARNING_RATE[optimizerSelect.value as OptimizerKind] });
});
buttons.pause.addEventListener("click", () => send({ type: "pause" }));
buttons.reset.addEventListener("click", () => {
  showError(null);
  send({ type: "reset" });
});
buttons.save.addEventListener("click", () => send({ type: "save", format: "safetensors" }));
buttons.saveOnnx.addEventListener("click", () => send({ type: "save", format: "onnx" }));
loadInput.addEventListener("change", async () => {
  const file = loadInput.files?.[0];
  loadInput.value = "";
  if (!file) return;
  try {
    showError(null);
    const bytes = await file.arrayBuffer();
    send({ type: "load", bytes, fileName: file.name, settings: readSettings(form) }, [bytes]);
  } catch (e) {
    showError((e as Error).message);
  }
});

// ---- answers from the worker ----
worker.addEventListener("message", (e: MessageEvent<WorkerResponse>) => {
  const msg = e.data;
  switch (msg.type) {
    case "status":
      if (msg.state === "ready" && hasRun) {
        hasRun = false;
        lockRunFields(form, false);
        clearRunViews();
        requestPrediction();
      }
      showState(msg.state, msg.detail, msg.step);
      break;
    case "data":
      gallery = createGallery(byId("gallery"), msg.gallery.images, msg.gallery.labels);
      break;
    case "run":
      hasRun = true;
      lockRunFields(form, true);
      clearRunViews();
      if ((MODEL_KINDS as readonly string[]).includes(msg.model)) writeSettings(form, { model: msg.model as ModelKind });
      stat("backend").textContent = `${msg.backend} · ${msg.parameters.toLocaleString("en")} weights`;
      showState(state, statusEl.textContent ?? "", 0);
      break;
    case "progress":
      curves.addStep(msg.step, msg.loss, msg.accuracy);
      stat("step").textContent = String(msg.step);
      stat("epoch").textContent = msg.epoch.toFixed(2);
      stat("loss").textContent = msg.loss.toFixed(4);
      stat("train-accuracy").textContent = percent(msg.accuracy);
      stat("speed").textContent = msg.samplesPerSecond > 0 ? Math.round(msg.samplesPerSecond).toLocaleString("en") : "–";
      break;
    case "evaluation":
      curves.addEvaluation(msg.step, msg.accuracy);
      stat("test-accuracy").textContent = `${percent(msg.accuracy)} of ${msg.count.toLocaleString("en")}`;
      stat("test-accuracy").dataset.value = String(msg.accuracy);
      stat("test-accuracy").dataset.step = String(msg.step);
      gallery?.showPredictions(msg.galleryPredictions);
      requestPrediction();
      break;
    case "gradFlow":
      flow.show(msg.step, msg.layers);
      break;
    case "prediction":
      predicting = false;
      if (stale) requestPrediction();
      else {
        bars.show(drawing ? msg.probabilities : null);
        probabilitiesEl.dataset.pending = "false";
      }
      break;
    case "model":
      downloadBytes(msg.bytes, msg.fileName);
      break;
    case "error":
      showError(msg.message);
      break;
  }
});
worker.addEventListener("error", (e) => showError(`the training worker failed: ${e.message || "see the browser console"}`));

writeSettings(form, DEFAULT_SETTINGS);
const webGpuOption = form.querySelector<HTMLOptionElement>('select[name="backend"] option[value="webgpu"]');
if (webGpuOption) void offerWebGpu(webGpuOption);
showState("loading", "Loading MNIST…", 0);
send({ type: "init", data: { baseUrl: new URL(`${MNIST_URL_DIR}/`, document.baseURI).href } });
