// The Web Worker entry: training runs here so the page stays responsive.
import { createWasmBackend } from "@chainrule/backend-wasm";
import { fetchMnist } from "@chainrule/data-mnist";
import { JsBackend } from "@chainrule/tensor";
import { MNIST_SUFFIX } from "../mnist-location.js";
import type { WorkerResponse } from "../protocol.js";
import { TrainingSession, type BackendChoice } from "./session.js";

/** The parts of a dedicated worker's global scope used here (the DOM and WebWorker libs cannot share one program). */
interface WorkerScope {
  postMessage(message: WorkerResponse, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent) => void) | null;
  crossOriginIsolated: boolean;
  navigator: { hardwareConcurrency: number };
}
const scope = self as unknown as WorkerScope;

/** Most WASM threads to ask for: beyond this, matmuls this small gain little from more. */
const MAX_THREADS = 4;

async function makeBackend(kind: "js" | "wasm"): Promise<BackendChoice> {
  if (kind === "js") return { backend: new JsBackend(), threads: 1 };
  // Threads share memory through SharedArrayBuffer, which only a cross-origin isolated page has;
  // the backend falls back to one thread when it cannot start more, and says how many it got.
  const wanted = scope.crossOriginIsolated ? Math.min(MAX_THREADS, scope.navigator.hardwareConcurrency || 1) : 1;
  const backend = await createWasmBackend({ threads: wanted });
  return { backend, threads: backend.threads };
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

async function loadData(baseUrl: string, progress: (detail: string) => void) {
  // The download reports every chunk; the page hears of each new megabyte.
  let shown = "";
  return fetchMnist(baseUrl, {
    suffix: MNIST_SUFFIX,
    onProgress: (p) => {
      const key = `${p.file} ${Math.floor(p.loaded / 1e6)}`;
      if (key === shown) return;
      shown = key;
      progress(`Loading ${p.file}: ${mb(p.loaded)}${p.total === null ? "" : ` of ${mb(p.total)}`} MB`);
    },
  });
}

const session = new TrainingSession((message, transfer = []) => scope.postMessage(message, transfer), { loadData, makeBackend });
scope.onmessage = (e) => void session.handle(e.data);
