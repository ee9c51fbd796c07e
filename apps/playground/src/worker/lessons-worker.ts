// The Lessons page's Web Worker: runs one lesson at its small budget on the WASM backend, off the page's thread.
import { SMALL_LESSONS } from "@chainrule/app-lessons/lessons";
import { createWasmBackend } from "@chainrule/backend-wasm";
import type { MnistData } from "@chainrule/data-mnist";
import { setBackend } from "@chainrule/tensor";
import type { LessonRequest, LessonResponse } from "../lessons-protocol.js";
import { loadMnist } from "./load-mnist.js";

/** The parts of a dedicated worker's global scope used here (the DOM and WebWorker libs cannot share one program). */
interface WorkerScope {
  postMessage(message: LessonResponse): void;
  onmessage: ((e: MessageEvent<LessonRequest>) => void) | null;
}
const scope = self as unknown as WorkerScope;
const post = (m: LessonResponse) => scope.postMessage(m);

// Loaded once, kept for the next lesson; a failed load is forgotten so a rerun tries again.
let mnist: Promise<MnistData> | null = null;
let backendReady: Promise<void> | null = null;

/** Least time between two live progress lines (ms). */
const UPDATE_MS = 100;
let lastUpdate = 0;

async function run(req: LessonRequest): Promise<void> {
  // One thread: the lessons' networks are small, and one thread gives the same numbers everywhere.
  backendReady ??= createWasmBackend().then((backend) => {
    setBackend(backend);
  });
  await backendReady;
  const started = performance.now();
  const outcome = await SMALL_LESSONS[req.lesson].play({
    mnist: () => (mnist ??= loadMnist(req.baseUrl, (line) => post({ type: "progress", line, live: true })).catch((e: unknown) => {
      mnist = null;
      throw e;
    })),
    seed: req.seed,
    progress: {
      update: (name, step, total, info) => {
        // A line every step would flood the page; ten a second is as fast as one can read.
        const now = performance.now();
        if (now - lastUpdate < UPDATE_MS && step < total) return;
        lastUpdate = now;
        post({ type: "progress", line: `${name}  step ${step}/${total}  ${info}`, live: true });
      },
      done: (line) => post({ type: "progress", line, live: false }),
    },
  });
  post({ type: "done", conclusion: outcome.conclusion, charts: outcome.charts, table: outcome.table, seconds: (performance.now() - started) / 1000 });
}

scope.onmessage = (e) => {
  run(e.data).catch((err: unknown) => post({ type: "error", message: err instanceof Error ? err.message : String(err) }));
};
