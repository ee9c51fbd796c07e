// The messages between the page and the training worker. The page sends requests; the worker
// answers with responses. Requests carry user input, so the worker checks them with parseRequest.

/** Models the page offers: the deep pair differs only in activation, to show vanishing gradients. */
export const MODEL_KINDS = ["mlp", "cnn", "deep-sigmoid", "deep-relu"] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export const BACKEND_KINDS = ["js", "wasm", "webgpu"] as const;
export type BackendKind = (typeof BACKEND_KINDS)[number];

/** Each backend as the page names it. */
export const BACKEND_NAMES: Readonly<Record<BackendKind, string>> = { js: "JavaScript", wasm: "WebAssembly", webgpu: "WebGPU" };

export const OPTIMIZER_KINDS = ["sgd", "momentum", "adam"] as const;
export type OptimizerKind = (typeof OPTIMIZER_KINDS)[number];

/** Files the model can be saved as: safetensors (loads back here) or ONNX (runs in onnxruntime). */
export const MODEL_FORMATS = ["safetensors", "onnx"] as const;
export type ModelFormat = (typeof MODEL_FORMATS)[number];

/** What the user chose for a run. */
export interface TrainSettings {
  model: ModelKind;
  backend: BackendKind;
  optimizer: OptimizerKind;
  learningRate: number;
  batchSize: number;
  /** The run stops (state "done") after this many optimizer steps. */
  steps: number;
  /** Seeds the initial weights and the shuffling, so a run can be repeated exactly. */
  seed: number;
}

/** Where the data lives: the folder URL holding the four MNIST IDX files. */
export interface DataLocation {
  baseUrl: string;
}

export type WorkerRequest =
  /** Fetch the data; answered by "data" then status "ready". */
  | { type: "init"; data: DataLocation }
  /** Start a run with these settings, or resume a paused one (settings are then ignored). */
  | { type: "start"; settings: TrainSettings }
  | { type: "pause" }
  /** Drop the model and its run; the next start begins afresh. */
  | { type: "reset" }
  /** Class probabilities for one prepared 28×28 image (784 values in [0, 1]). */
  | { type: "predict"; id: number; pixels: Float32Array }
  /** The current model as a file in `format`; answered by "model". */
  | { type: "save"; format: ModelFormat }
  /**
   * Replace the model with one from a safetensors file, on the backend of `settings`; the run is then
   * paused, and start trains it on with the optimizer of `settings`.
   */
  | { type: "load"; bytes: ArrayBuffer; fileName: string; settings: TrainSettings };

/** The worker's state, as the page shows it. */
export type RunState = "loading" | "ready" | "training" | "paused" | "done";

/** One layer with weights at one gradient-flow sample, with the activation that follows it. */
export interface LayerFlow {
  layer: string;
  /** ‖∂L/∂W‖₂ of the layer's weight. */
  gradNorm: number;
  /** ‖∂L/∂W‖ / ‖W‖: the relative change one plain SGD step makes, per unit learning rate. */
  ratio: number;
  /** The activation right after the layer, if any. */
  activation: "relu" | "sigmoid" | "tanh" | null;
  /** Fraction of that activation's units passing (almost) no gradient: dead ReLUs, saturated sigmoids. */
  inactive: number | null;
}

export type WorkerResponse =
  | { type: "status"; state: RunState; step: number; detail: string }
  | { type: "data"; trainSize: number; testSize: number; evalSize: number; gallery: { images: Uint8Array; labels: Uint8Array } }
  /** A new run began (start from scratch or load): its model and where it runs. */
  | { type: "run"; model: string; layers: string[]; parameters: number; backend: string }
  | { type: "progress"; step: number; epoch: number; loss: number; accuracy: number; samplesPerSecond: number }
  | { type: "gradFlow"; step: number; layers: LayerFlow[] }
  /** Accuracy on the held-out digits and the predicted class of each gallery digit. */
  | { type: "evaluation"; step: number; accuracy: number; loss: number; count: number; galleryPredictions: Uint8Array }
  /** Probabilities of the ten digits; null while there is no model. */
  | { type: "prediction"; id: number; probabilities: Float32Array | null }
  | { type: "model"; bytes: ArrayBuffer; fileName: string }
  | { type: "error"; message: string };

/**
 * A learning rate that trains every model here within a few hundred steps, per optimizer: plain
 * SGD needs steps about 50 times larger than Adam, whose steps are normalised per weight.
 */
export const SUGGESTED_LEARNING_RATE: Readonly<Record<OptimizerKind, number>> = { sgd: 0.1, momentum: 0.02, adam: 0.002 };

/** Sensible first settings: an MLP that passes 90% on held-out digits within a few hundred steps. */
export const DEFAULT_SETTINGS: TrainSettings = {
  model: "mlp",
  backend: "wasm",
  optimizer: "adam",
  learningRate: SUGGESTED_LEARNING_RATE.adam,
  batchSize: 64,
  steps: 1000,
  seed: 1,
};

/**
 * Checks a message that arrived at the worker and returns it typed; the error says which field is
 * wrong and what it held.
 *
 * @example
 * parseRequest({ type: "pause" }); // { type: "pause" }
 */
export function parseRequest(data: unknown): WorkerRequest {
  const msg = record(data, "message");
  switch (msg.type) {
    case "init": {
      const loc = record(msg.data, "init.data");
      if (typeof loc.baseUrl !== "string" || loc.baseUrl === "") throw new TypeError(`init.data.baseUrl must be a URL string, got ${show(loc.baseUrl)}`);
      return { type: "init", data: { baseUrl: loc.baseUrl } };
    }
    case "start":
      return { type: "start", settings: parseSettings(msg.settings) };
    case "pause":
    case "reset":
      return { type: msg.type };
    case "save":
      return { type: "save", format: oneOf(msg.format, MODEL_FORMATS, "save.format") };
    case "predict": {
      if (!(msg.pixels instanceof Float32Array) || msg.pixels.length !== 784) {
        throw new TypeError(`predict.pixels must be a Float32Array of 784 values (28×28), got ${describeArray(msg.pixels)}`);
      }
      return { type: "predict", id: integer(msg.id, "predict.id", 0), pixels: msg.pixels };
    }
    case "load": {
      if (!(msg.bytes instanceof ArrayBuffer)) throw new TypeError(`load.bytes must be an ArrayBuffer, got ${describeArray(msg.bytes)}`);
      if (typeof msg.fileName !== "string") throw new TypeError(`load.fileName must be a string, got ${show(msg.fileName)}`);
      return { type: "load", bytes: msg.bytes, fileName: msg.fileName, settings: parseSettings(msg.settings) };
    }
    default:
      throw new TypeError(`unknown request type ${show(msg.type)}; expected one of init, start, pause, reset, predict, save, load`);
  }
}

/**
 * Checks training settings (from the form or a message); the error names the field and its value.
 *
 * @example
 * parseSettings({ ...DEFAULT_SETTINGS, learningRate: 0.01 });
 */
export function parseSettings(data: unknown): TrainSettings {
  const s = record(data, "settings");
  return {
    model: oneOf(s.model, MODEL_KINDS, "settings.model"),
    backend: oneOf(s.backend, BACKEND_KINDS, "settings.backend"),
    optimizer: oneOf(s.optimizer, OPTIMIZER_KINDS, "settings.optimizer"),
    learningRate: positive(s.learningRate, "settings.learningRate"),
    batchSize: integer(s.batchSize, "settings.batchSize", 1, 4096),
    steps: integer(s.steps, "settings.steps", 1, 10_000_000),
    seed: integer(s.seed, "settings.seed", 0, 0xffffffff),
  };
}

function record(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new TypeError(`${what} must be an object, got ${show(v)}`);
  return v as Record<string, unknown>;
}

function oneOf<T extends string>(v: unknown, options: readonly T[], what: string): T {
  if (typeof v === "string" && (options as readonly string[]).includes(v)) return v as T;
  throw new TypeError(`${what} must be one of ${options.join(", ")}, got ${show(v)}`);
}

function positive(v: unknown, what: string): number {
  if (typeof v === "number" && Number.isFinite(v) && v > 0) return v;
  throw new RangeError(`${what} must be a positive finite number, got ${show(v)}`);
}

function integer(v: unknown, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v === "number" && Number.isInteger(v) && v >= min && v <= max) return v;
  throw new RangeError(`${what} must be an integer in [${min}, ${max}], got ${show(v)}`);
}

function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" && v !== null ? "an object" : String(v);
}

function describeArray(v: unknown): string {
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as ArrayLike<number>).length ?? v.byteLength})`;
  return show(v);
}
