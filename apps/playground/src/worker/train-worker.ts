// The Web Worker entry: training runs here so the page stays responsive.
import { createWasmBackend } from "@chainrule/backend-wasm";
import { createWebGpuBackend } from "@chainrule/backend-webgpu";
import { JsBackend, type Backend } from "@chainrule/tensor";
import type { BackendKind, WorkerResponse } from "../protocol.js";
import { loadMnist } from "./load-mnist.js";
import { TrainingSession } from "./session.js";

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

async function makeBackend(kind: BackendKind): Promise<Backend> {
  if (kind === "js") return new JsBackend();
  // the worker's own navigator.gpu; the label names the adapter, and without one the error says what to enable
  if (kind === "webgpu") return createWebGpuBackend();
  // Threads share memory through SharedArrayBuffer, which only a cross-origin isolated page has;
  // the backend falls back to one thread when it cannot start more, and its label says how many it got.
  const wanted = scope.crossOriginIsolated ? Math.min(MAX_THREADS, scope.navigator.hardwareConcurrency || 1) : 1;
  return createWasmBackend({ threads: wanted });
}

const session = new TrainingSession((message, transfer = []) => scope.postMessage(message, transfer), { loadData: loadMnist, makeBackend });
scope.onmessage = (e) => void session.handle(e.data);
