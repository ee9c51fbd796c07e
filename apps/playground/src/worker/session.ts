import type { MnistData } from "@chainrule/data-mnist";
import { serializeModel, type Sequential } from "@chainrule/layers";
import { exportOnnx } from "@chainrule/onnx";
import { empty, setBackend, withBackend, type Backend } from "@chainrule/tensor";
import { evaluate, hostYielder, type StepLog } from "@chainrule/train";
import { BACKEND_NAMES, parseRequest, type BackendKind, type ModelFormat, type RunState, type TrainSettings, type WorkerRequest, type WorkerResponse } from "../protocol.js";
import { layerFlows } from "./layer-flows.js";
import { readModelFile } from "./model-file.js";
import { buildModel, layoutOf } from "./models.js";
import { createRun, disposeRun, EVAL_SIZE, GALLERY_SIZE, ONNX_PREPROCESS, type Run } from "./run.js";

/** What the session needs from its surroundings (the worker in a browser, plain objects in a test). */
export interface SessionDeps {
  /** Fetches MNIST from the folder at `baseUrl`, telling `progress` how far it has come. */
  loadData(baseUrl: string, progress: (detail: string) => void): Promise<MnistData>;
  makeBackend(kind: BackendKind): Promise<Backend>;
}

/** Sends a response to the page, handing over the buffers in `transfer`. */
export type Post = (message: WorkerResponse, transfer?: Transferable[]) => void;

/** Steps between evaluations on the held-out digits. */
export const EVAL_EVERY = 100;
/** Batch size of evaluation passes: big batches, few kernel launches. */
const EVAL_BATCH = 500;

/**
 * The worker's side of the protocol: holds the data and the current run, trains it step by step
 * with the run's `Trainer`, and answers requests. Training gives the worker's event loop a turn
 * now and then, so requests are heard between steps; those that touch the model (predict, save)
 * wait for the end of the current step, so they never see a half-updated model. Pausing ends the
 * training loop and resuming starts it again on the same trainer: the same run, step for step.
 *
 * @example
 * const session = new TrainingSession((msg, transfer) => self.postMessage(msg, transfer), deps);
 * self.onmessage = (e) => void session.handle(e.data);
 */
export class TrainingSession {
  private data: MnistData | null = null;
  private run: Run | null = null;
  private state: RunState = "loading";
  private readonly backends = new Map<BackendKind, Promise<Backend>>();
  /** The training loop while it runs. */
  private training: Promise<void> | null = null;
  private pauseRequested = false;
  private resetRequested = false;
  private readonly tasks: (() => Promise<void>)[] = [];
  private speedMark: { time: number; samples: number } | null = null;
  private samplesPerSecond = 0;

  constructor(
    private readonly post: Post,
    private readonly deps: SessionDeps,
  ) {}

  /** Handles one message from the page; a bad request or a failure is answered with an "error". */
  async handle(message: unknown): Promise<void> {
    try {
      await this.dispatch(parseRequest(message));
    } catch (e) {
      this.post({ type: "error", message: e instanceof Error ? e.message : String(e) });
    }
  }

  private async dispatch(req: WorkerRequest): Promise<void> {
    switch (req.type) {
      case "init":
        return this.init(req.data.baseUrl);
      case "start":
        return this.start(req.settings);
      case "pause":
        if (this.state === "training") this.pauseRequested = true;
        return;
      case "reset":
        return this.reset();
      case "predict":
        return this.atSafePoint(() => this.predict(req.id, req.pixels));
      case "save":
        return this.atSafePoint(() => this.save(req.format));
      case "load":
        return this.load(req.bytes, req.fileName, req.settings);
    }
  }

  private async init(baseUrl: string): Promise<void> {
    if (this.data) return;
    this.setState("loading", "Loading MNIST…");
    const data = await this.deps.loadData(baseUrl, (detail) => this.setState("loading", detail));
    this.data = data;
    const gallery = Math.min(GALLERY_SIZE, data.test.size);
    this.post({
      type: "data",
      trainSize: data.train.size,
      testSize: data.test.size,
      evalSize: Math.min(EVAL_SIZE, data.test.size),
      gallery: { images: data.test.images.slice(0, gallery * 784), labels: data.test.labels.slice(0, gallery) },
    });
    this.setState("ready", `MNIST loaded: ${data.train.size} training and ${data.test.size} test digits`);
  }

  private async start(settings: TrainSettings): Promise<void> {
    if (!this.data) throw new Error("start: MNIST is still loading; wait until the status says ready");
    if (this.state === "training") return;
    if (this.run) {
      // A paused or finished run trains on with the new step target and learning rate.
      this.run.target = settings.steps;
      this.run.optimizer.lr = settings.learningRate;
    } else {
      this.setState("training", `Preparing the ${BACKEND_NAMES[settings.backend]} backend…`);
      try {
        const backend = await this.backendFor(settings.backend);
        setBackend(backend);
        this.run = createRun(buildModel(settings.model, settings.seed), layoutOf(settings.model), this.data, backend, settings);
        this.announceRun(this.run, backend);
      } catch (e) {
        // the error says why (for WebGPU: what to enable); the other backends still work
        this.setState("ready", `Could not start the ${BACKEND_NAMES[settings.backend]} backend; choose another and start again`);
        await this.drainTasks();
        throw e;
      }
    }
    if (this.run.step >= this.run.target) {
      this.setState("done", `Reached ${this.run.target} steps; raise "stop after steps" to train on`);
      return;
    }
    this.training = this.train(this.run);
  }

  /** Steps until the target, a pause or a reset; then evaluates and says where the run stands. */
  private async train(run: Run): Promise<void> {
    this.setState("training", "Training");
    this.speedMark = null;
    const turn = hostYielder();
    let failure: string | null = null;
    try {
      while (run.step < run.target && !this.pauseRequested && !this.resetRequested) {
        this.report(run, await run.trainer.step());
        let interrupted = false;
        if (run.step % EVAL_EVERY === 0) {
          await this.evaluate(run);
          interrupted = true;
        }
        await turn();
        if (this.tasks.length > 0) {
          await this.drainTasks();
          interrupted = true;
        }
        // Evaluations and requests are not training time.
        if (interrupted) this.speedMark = { time: performance.now(), samples: run.samples };
      }
      if (!this.resetRequested && run.evaluatedAt !== run.step) await this.evaluate(run);
    } catch (e) {
      // E.g. the trainer's NonFiniteError: the loss or a gradient went NaN; its message names the step and the layer.
      failure = e instanceof Error ? e.message : String(e);
      this.post({ type: "error", message: failure });
    } finally {
      this.training = null;
    }
    const paused = this.pauseRequested && run.step < run.target;
    this.pauseRequested = false;
    if (this.resetRequested) return;
    const steps = run.step;
    if (failure) this.setState("done", `Stopped after step ${steps}; reset to start again`);
    else if (paused) this.setState("paused", `Paused at step ${steps}`);
    else this.setState("done", `Done: ${steps} steps`);
    await this.drainTasks();
  }

  /** Tells the page about one step: its loss and accuracy, and the gradient flow when sampled. */
  private report(run: Run, log: StepLog): void {
    if (log.gradFlow) this.post({ type: "gradFlow", step: log.step, layers: layerFlows(log.gradFlow) });
    run.step = log.step;
    run.samples += log.size;
    this.measureSpeed(run.samples);
    this.post({
      type: "progress",
      step: log.step,
      epoch: run.samples / run.train.size,
      loss: log.loss,
      accuracy: log.accuracy ?? 0,
      samplesPerSecond: this.samplesPerSecond,
    });
  }

  /** Samples per second over windows of at least half a second of training. */
  private measureSpeed(samples: number): void {
    const time = performance.now();
    if (!this.speedMark) this.speedMark = { time, samples };
    else if (time - this.speedMark.time >= 500) {
      this.samplesPerSecond = ((samples - this.speedMark.samples) * 1000) / (time - this.speedMark.time);
      this.speedMark = { time, samples };
    }
  }

  private async reset(): Promise<void> {
    if (this.training) {
      this.resetRequested = true;
      await this.training;
      this.resetRequested = false;
    }
    this.pauseRequested = false;
    if (this.run) disposeRun(this.run);
    this.run = null;
    this.setState(this.data ? "ready" : "loading", this.data ? "Ready" : "Loading MNIST…");
    await this.drainTasks();
  }

  private async load(bytes: ArrayBuffer, fileName: string, settings: TrainSettings): Promise<void> {
    if (!this.data) throw new Error("load: MNIST is still loading; wait until the status says ready");
    const backend = await this.backendFor(settings.backend);
    // Read the file before dropping the current model, so a bad file leaves the run as it was.
    const { model, layout } = withBackend(backend, () => readModelFile(new Uint8Array(bytes), fileName));
    await this.reset();
    setBackend(backend);
    this.run = createRun(model, layout, this.data, backend, settings);
    this.announceRun(this.run, backend);
    await this.evaluate(this.run);
    this.setState("paused", `Loaded ${fileName}`);
  }

  /** Runs `task` now, or after the current step while training. */
  private atSafePoint(task: () => Promise<void>): Promise<void> {
    if (this.state !== "training") return task();
    return new Promise((resolve, reject) => this.tasks.push(() => task().then(resolve, reject)));
  }

  private async drainTasks(): Promise<void> {
    // A failing task answers its own request with an error (through handle); the others still run.
    while (this.tasks.length > 0) await this.tasks.shift()?.().catch(() => undefined);
  }

  private async predict(id: number, pixels: Float32Array): Promise<void> {
    const run = this.run;
    if (!run) {
      this.post({ type: "prediction", id, probabilities: null });
      return;
    }
    const backend = run.model.parameters()[0].value.backend;
    const x = empty(run.layout === "image" ? [1, 28, 28, 1] : [1, 784], backend);
    try {
      backend.write(x.dataId, pixels);
      const probabilities = softmax(await run.model.forward(x, false).data());
      this.post({ type: "prediction", id, probabilities }, [probabilities.buffer]);
    } catch (e) {
      // The page waits for an answer to each prediction before it asks the next.
      this.post({ type: "prediction", id, probabilities: null });
      throw e;
    } finally {
      x.dispose();
    }
  }

  private async save(format: ModelFormat): Promise<void> {
    if (!this.run) throw new Error("save: there is no model yet; start training or load a model first");
    const bytes = format === "onnx" ? await exportOnnx(this.run.model, { preprocess: ONNX_PREPROCESS }) : await serializeModel(this.run.model);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    this.post({ type: "model", bytes: buffer, fileName: `chainrule-${this.run.model.name}-step${this.run.step}.${format}` }, [buffer]);
  }

  private async evaluate(run: Run): Promise<void> {
    const result = await evaluate(run.model, run.evalSet, { loss: run.evalLoss, batchSize: EVAL_BATCH });
    run.evaluatedAt = run.step;
    this.post({
      type: "evaluation",
      step: run.step,
      accuracy: result.accuracy ?? 0,
      loss: result.loss,
      count: result.samples,
      galleryPredictions: await this.galleryPredictions(run),
    });
  }

  private async galleryPredictions(run: Run): Promise<Uint8Array> {
    for (const { x, size } of run.gallery.batches(run.gallery.size)) {
      const logits = run.model.forward(x, false);
      const classes = empty([size], logits.backend);
      try {
        logits.backend.argmax(logits.dataId, logits.shape, 1, classes.dataId);
        return Uint8Array.from(await classes.data());
      } finally {
        classes.dispose();
      }
    }
    return new Uint8Array(0);
  }

  private backendFor(kind: BackendKind): Promise<Backend> {
    let choice = this.backends.get(kind);
    if (!choice) {
      choice = this.deps.makeBackend(kind);
      this.backends.set(kind, choice);
      // A backend that failed to load may load on a later try.
      choice.catch(() => this.backends.delete(kind));
    }
    return choice;
  }

  private announceRun(run: Run, backend: Backend): void {
    const model: Sequential = run.model;
    this.post({
      type: "run",
      model: model.name,
      layers: model.layers.filter((l) => l.parameters().length > 0).map((l) => l.name),
      parameters: model.parameters().reduce((n, p) => n + p.size, 0),
      // "wasm, fma, 4 threads": whether the kernels fuse multiply-adds (relaxed SIMD, on in Chrome ≥ 114), and on how many threads
      backend: backend.label,
    });
  }

  private setState(state: RunState, detail: string): void {
    this.state = state;
    this.post({ type: "status", state, step: this.run?.step ?? 0, detail });
  }
}

/** Softmax of one row of logits, computed in float64 after subtracting the maximum. */
function softmax(logits: ArrayLike<number>): Float32Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  let sum = 0;
  const e = Array.from(logits, (v) => {
    const x = Math.exp(v - max);
    sum += x;
    return x;
  });
  return Float32Array.from(e, (x) => x / sum);
}
