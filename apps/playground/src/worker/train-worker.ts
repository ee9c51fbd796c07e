// The Web Worker entry: training runs here so the page stays responsive.
import { createWasmBackend } from "@chainrule/backend-wasm";
import { JsBackend } from "@chainrule/tensor";
import type { WorkerResponse } from "../protocol.js";
import { loadMnist } from "./load-mnist.js";
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

const session = new TrainingSession((message, transfer = []) => scope.postMessage(message, transfer), { loadData: loadMnist, makeBackend });
scope.onmessage = (e) => void session.handle(e.data);
