// The Lessons page: pick a lesson, run it in a worker, show its progress, conclusion and charts.
import { SMALL_LESSONS, type LessonName } from "@chainrule/app-lessons/lessons";
import "./style.css";
import type { LessonRequest, LessonResponse } from "./lessons-protocol.js";
import { MNIST_URL_DIR } from "./mnist-location.js";

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`lessons: the page has no element #${id}`);
  return el as T;
}

const picker = byId<HTMLSelectElement>("lesson");
const runButton = byId<HTMLButtonElement>("run");
const explanation = byId("explanation");
const statusEl = byId("status");
const errorEl = byId("error");
const log = byId<HTMLOListElement>("log");
const result = byId("result");
const conclusion = byId("conclusion");
const charts = byId("charts");

for (const lesson of Object.values(SMALL_LESSONS)) picker.add(new Option(`${lesson.name}: ${lesson.title}`, lesson.name));
const showExplanation = () => (explanation.textContent = SMALL_LESSONS[picker.value as LessonName].explanation);
picker.addEventListener("change", showExplanation);
showExplanation();

const worker = new Worker(new URL("./worker/lessons-worker.ts", import.meta.url), { type: "module" });
/** The live line (a run's current step); replaced by the next, kept by none. */
let live: HTMLLIElement | null = null;

function setStatus(state: "idle" | "running" | "done" | "error", text: string): void {
  statusEl.dataset.state = state;
  statusEl.textContent = text;
}

function addLine(line: string, isLive: boolean): void {
  const item = live ?? log.appendChild(document.createElement("li"));
  item.textContent = line;
  live = isLive ? item : null;
}

worker.onmessage = (e: MessageEvent<LessonResponse>) => {
  const m = e.data;
  if (m.type === "progress") addLine(m.line, m.live);
  else if (m.type === "error") {
    errorEl.textContent = m.message;
    errorEl.hidden = false;
    setStatus("error", "The lesson failed.");
  } else {
    live?.remove();
    live = null;
    conclusion.textContent = m.conclusion;
    // The charts are SVG text drawn by @chainrule/charts from the lesson's numbers, as in the CLI's HTML page.
    charts.innerHTML = m.charts.join("\n");
    result.hidden = false;
    setStatus("done", `Done in ${m.seconds.toFixed(1)} s.`);
  }
  if (m.type !== "progress") runButton.disabled = picker.disabled = false;
};

runButton.addEventListener("click", () => {
  runButton.disabled = picker.disabled = true;
  log.replaceChildren();
  live = null;
  result.hidden = true;
  errorEl.hidden = true;
  setStatus("running", `Running ${picker.value}…`);
  const req: LessonRequest = { type: "run", lesson: picker.value as LessonName, baseUrl: new URL(`${MNIST_URL_DIR}/`, document.baseURI).href, seed: 1 };
  worker.postMessage(req);
});
