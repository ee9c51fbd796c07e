import { MnistSplit, type MnistData } from "@chainrule/data-mnist";
import { JsBackend, Rng, softmax, tensor } from "@chainrule/tensor";
import ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, type TrainSettings, type WorkerResponse } from "../protocol.js";
import { FLOW_EVERY } from "./run.js";
import { TrainingSession, type SessionDeps } from "./session.js";

/**
 * Ten easy classes: digit c is a bright horizontal bar on row 3 + 2c, with a few random specks so
 * no two images are the same. A small MLP learns it in a few dozen steps.
 */
function barSplit(count: number, seed: number): MnistSplit {
  const rng = new Rng(seed);
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const c = rng.int(10);
    labels[i] = c;
    for (let x = 4; x < 24; x++) images[i * 784 + (3 + 2 * c) * 28 + x] = 255;
    for (let k = 0; k < 20; k++) images[i * 784 + rng.int(784)] = rng.int(128);
  }
  return new MnistSplit({ images, labels });
}

const DATA: MnistData = { train: barSplit(600, 1), test: barSplit(200, 2) };
const SETTINGS: TrainSettings = { ...DEFAULT_SETTINGS, backend: "js", learningRate: 0.01, batchSize: 32, steps: 40, seed: 3 };

/** A session with the bar data on the JS backend (or what `makeBackend` gives), and what it has said so far. */
function harness(makeBackend?: SessionDeps["makeBackend"]) {
  const backend = new JsBackend();
  const messages: WorkerResponse[] = [];
  const waiters: { test: (m: WorkerResponse) => boolean; resolve: (m: WorkerResponse) => void }[] = [];
  const session = new TrainingSession(
    (m) => {
      messages.push(m);
      for (const w of [...waiters]) {
        if (w.test(m)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    },
    { loadData: async () => DATA, makeBackend: makeBackend ?? (async () => backend) },
  );
  /** The next message (from now on) that passes `test`. */
  const next = <T extends WorkerResponse>(test: (m: WorkerResponse) => m is T, timeout = 20_000): Promise<T> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message within ${timeout} ms; last: ${JSON.stringify(messages.slice(-3))}`)), timeout);
      waiters.push({ test, resolve: (m) => (clearTimeout(timer), resolve(m as T)) });
    });
  const status = (state: string) => next((m): m is Extract<WorkerResponse, { type: "status" }> => m.type === "status" && m.state === state);
  const of = <K extends WorkerResponse["type"]>(type: K) => messages.filter((m): m is Extract<WorkerResponse, { type: K }> => m.type === type);
  const predict = async (id: number, pixels: Float32Array) => {
    const answer = next((m): m is Extract<WorkerResponse, { type: "prediction" }> => m.type === "prediction" && m.id === id);
    await session.handle({ type: "predict", id, pixels });
    return (await answer).probabilities;
  };
  return { session, backend, messages, next, status, of, predict };
}

async function ready(makeBackend?: SessionDeps["makeBackend"]) {
  const h = harness(makeBackend);
  await h.session.handle({ type: "init", data: { baseUrl: "http://localhost/mnist/" } });
  return h;
}

/** Test image i as the 784 unit-scaled values the page sends. */
function testPixels(i: number): Float32Array {
  return Float32Array.from(DATA.test.images.subarray(i * 784, (i + 1) * 784), (v) => v / 255);
}

describe("TrainingSession", () => {
  it("loads the data, sends the gallery and becomes ready", async () => {
    const h = await ready();
    const [data] = h.of("data");
    expect(data.trainSize).toBe(600);
    expect(data.testSize).toBe(200);
    expect(data.evalSize).toBe(200);
    expect(Array.from(data.gallery.labels)).toEqual(Array.from(DATA.test.labels.subarray(0, 60)));
    expect(Array.from(data.gallery.images.subarray(784 * 59))).toEqual(Array.from(DATA.test.images.subarray(784 * 59, 784 * 60)));
    expect(h.of("status").map((s) => s.state)).toEqual(["loading", "ready"]);
  });

  it("trains to the target step, reporting every step, the gradient flow and a final evaluation", async () => {
    const h = await ready();
    const done = h.status("done");
    await h.session.handle({ type: "start", settings: SETTINGS });
    expect((await done).step).toBe(40);

    expect(h.of("progress").map((p) => p.step)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const [run] = h.of("run");
    expect(run).toEqual({ type: "run", model: "mlp", layers: ["fc1", "fc2"], parameters: 784 * 128 + 128 + 128 * 10 + 10, backend: "js" });
    const flows = h.of("gradFlow");
    expect(flows.map((f) => f.step)).toEqual([1, ...Array.from({ length: 40 / FLOW_EVERY }, (_, i) => (i + 1) * FLOW_EVERY)]);
    expect(flows[0].layers.map((l) => [l.layer, l.activation])).toEqual([["fc1", "relu"], ["fc2", null]]);
    expect(flows.every((f) => f.layers.every((l) => l.gradNorm > 0 && Number.isFinite(l.gradNorm)))).toBe(true);

    const evaluations = h.of("evaluation");
    const last = evaluations[evaluations.length - 1];
    expect(last.step).toBe(40);
    expect(last.count).toBe(200);
    expect(last.accuracy).toBeGreaterThan(0.9);

    // The evaluation (train's evaluate, batches of 500) and one-by-one predictions must agree.
    let right = 0;
    const gallery: number[] = [];
    for (let i = 0; i < 200; i++) {
      const p = await h.predict(1000 + i, testPixels(i));
      if (!p) throw new Error("no probabilities although a model exists");
      expect(p.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 5);
      const top = p.indexOf(Math.max(...p));
      if (top === DATA.test.labels[i]) right++;
      if (i < 60) gallery.push(top);
    }
    expect(right / 200).toBeCloseTo(last.accuracy, 10);
    expect(Array.from(last.galleryPredictions)).toEqual(gallery);
  });

  it("pauses between steps and resumes where it stopped", async () => {
    const h = await ready();
    const fifth = h.next((m): m is Extract<WorkerResponse, { type: "progress" }> => m.type === "progress" && m.step === 5);
    await h.session.handle({ type: "start", settings: { ...SETTINGS, steps: 1000 } });
    await fifth;
    const paused = h.status("paused");
    await h.session.handle({ type: "pause" });
    const at = (await paused).step;
    await new Promise((r) => setTimeout(r, 100));
    expect(h.of("progress").at(-1)?.step, "no step while paused").toBe(at);
    expect(h.of("evaluation").at(-1)?.step, "a pause evaluates").toBe(at);

    const done = h.status("done");
    await h.session.handle({ type: "start", settings: { ...SETTINGS, steps: at + 10 } });
    expect((await done).step).toBe(at + 10);
    expect(h.of("progress").map((p) => p.step)).toEqual(Array.from({ length: at + 10 }, (_, i) => i + 1));
  });

  it("trains the same run when paused and resumed: the losses of a run straight through, step for step", async () => {
    const progress = (m: WorkerResponse): m is Extract<WorkerResponse, { type: "progress" }> => m.type === "progress";
    const straight = await ready();
    const straightDone = straight.status("done");
    await straight.session.handle({ type: "start", settings: SETTINGS });
    await straightDone;

    // Stopped at step 7 (the target), paused a few steps later, resumed to 40: 600 digits in
    // batches of 32 make 19 steps an epoch, so the interrupted run crosses two epoch boundaries.
    const h = await ready();
    let done = h.status("done");
    await h.session.handle({ type: "start", settings: { ...SETTINGS, steps: 7 } });
    expect((await done).step).toBe(7);
    const ninth = h.next((m): m is Extract<WorkerResponse, { type: "progress" }> => progress(m) && m.step === 9);
    const paused = h.status("paused");
    await h.session.handle({ type: "start", settings: { ...SETTINGS, steps: 1000 } });
    await ninth;
    await h.session.handle({ type: "pause" });
    expect((await paused).step).toBeLessThan(40);
    done = h.status("done");
    await h.session.handle({ type: "start", settings: SETTINGS });
    expect((await done).step).toBe(40);

    expect(h.of("progress").map((p) => p.step)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(h.of("progress").map((p) => p.loss)).toEqual(straight.of("progress").map((p) => p.loss));
    expect(h.of("gradFlow")).toEqual(straight.of("gradFlow"));
    expect(h.of("evaluation").at(-1)).toEqual(straight.of("evaluation").at(-1));
  });

  it("answers predictions with null until there is a model, and again after reset", async () => {
    const h = await ready();
    expect(await h.predict(1, testPixels(0))).toBeNull();
    const done = h.status("done");
    await h.session.handle({ type: "start", settings: { ...SETTINGS, steps: 3 } });
    await done;
    expect(await h.predict(2, testPixels(0))).toBeInstanceOf(Float32Array);
    const isReady = h.status("ready");
    await h.session.handle({ type: "reset" });
    expect((await isReady).step).toBe(0);
    expect(await h.predict(3, testPixels(0))).toBeNull();
    expect(h.backend.memory(), "storage left on the backend after reset").toEqual({ buffers: 0, bytes: 0 });
  });

  it("shows the vanishing gradient: deep sigmoid fades toward the input, deep ReLU does not", async () => {
    const firstOverLast = async (model: "deep-sigmoid" | "deep-relu") => {
      const h = await ready();
      const done = h.status("done");
      await h.session.handle({ type: "start", settings: { ...SETTINGS, model, optimizer: "sgd", learningRate: 0.1, steps: 1 } });
      await done;
      const [flow] = h.of("gradFlow");
      expect(flow.layers.map((l) => l.layer)).toEqual(["fc1", "fc2", "fc3", "fc4", "fc5", "fc6", "fc7", "fc8", "fc9"]);
      return flow.layers[0].gradNorm / flow.layers[8].gradNorm;
    };
    // Measured at step 1: sigmoid 2.7e-5 (each layer back multiplies by sigmoid' ≤ ¼), ReLU 3.5.
    expect(await firstOverLast("deep-sigmoid")).toBeLessThan(1e-3);
    const relu = await firstOverLast("deep-relu");
    expect(relu).toBeGreaterThan(0.1);
    expect(relu).toBeLessThan(10);
  });

  it("saves a CNN as safetensors and loads it back with the same predictions", async () => {
    const h = await ready();
    const done = h.status("done");
    await h.session.handle({ type: "start", settings: { ...SETTINGS, model: "cnn", steps: 3 } });
    await done;
    const before = await h.predict(1, testPixels(5));
    const accuracyBefore = h.of("evaluation").at(-1)?.accuracy;

    const saved = h.next((m): m is Extract<WorkerResponse, { type: "model" }> => m.type === "model");
    await h.session.handle({ type: "save", format: "safetensors" });
    const { bytes, fileName } = await saved;
    expect(fileName).toBe("chainrule-cnn-step3.safetensors");
    const header = JSON.parse(new TextDecoder().decode(new Uint8Array(bytes, 8, Number(new DataView(bytes).getBigUint64(0, true)))));
    expect(header["conv1.weight"].shape).toEqual([3, 3, 1, 8]);

    await h.session.handle({ type: "reset" });
    expect(await h.predict(2, testPixels(5))).toBeNull();
    const paused = h.status("paused");
    await h.session.handle({ type: "load", bytes, fileName, settings: SETTINGS });
    await paused;
    expect(h.of("run").at(-1)?.model).toBe("cnn");
    expect(h.of("evaluation").at(-1)?.accuracy).toBe(accuracyBefore);
    expect(Array.from((await h.predict(3, testPixels(5))) ?? [])).toEqual(Array.from(before ?? [0]));
  });

  it("exports the CNN as ONNX that takes raw 0–255 pixels and gives the page's probabilities", async () => {
    const h = await ready();
    const done = h.status("done");
    await h.session.handle({ type: "start", settings: { ...SETTINGS, model: "cnn", steps: 3 } });
    await done;
    const saved = h.next((m): m is Extract<WorkerResponse, { type: "model" }> => m.type === "model");
    await h.session.handle({ type: "save", format: "onnx" });
    const { bytes, fileName } = await saved;
    expect(fileName).toBe("chainrule-cnn-step3.onnx");

    const count = 5;
    const session = await ort.InferenceSession.create(new Uint8Array(bytes), { intraOpNumThreads: 1 });
    const raw = Float32Array.from(DATA.test.images.subarray(0, count * 784));
    const { output } = await session.run({ input: new ort.Tensor("float32", raw, [count, 28, 28, 1]) });
    await session.release();
    const fromOnnx = await softmax(tensor(output.data as Float32Array, [count, 10], h.backend)).data();
    for (let i = 0; i < count; i++) {
      const page = (await h.predict(i + 1, testPixels(i))) ?? new Float32Array(10);
      page.forEach((p, c) => expect(Math.abs(p - fromOnnx[i * 10 + c]), `digit ${i}, class ${c}`).toBeLessThan(1e-5));
    }
  });

  it("refuses a file that is not a model, keeping the model it has", async () => {
    const h = await ready();
    const done = h.status("done");
    await h.session.handle({ type: "start", settings: { ...SETTINGS, steps: 2 } });
    await done;
    const before = await h.predict(1, testPixels(0));
    const bytes = new TextEncoder().encode("not a model").buffer as ArrayBuffer;
    await h.session.handle({ type: "load", bytes, fileName: "notes.txt", settings: SETTINGS });
    const [error] = h.of("error");
    expect(error.message).toMatch(/^notes\.txt: /);
    expect(h.of("status").at(-1)?.state).toBe("done");
    expect(Array.from((await h.predict(2, testPixels(0))) ?? [])).toEqual(Array.from(before ?? [0]));
  });

  it("stops with a readable error when training diverges", async () => {
    const h = await ready();
    const done = h.status("done");
    await h.session.handle({ type: "start", settings: { ...SETTINGS, model: "deep-relu", optimizer: "sgd", learningRate: 1e12, steps: 50 } });
    const status = await done;
    const [error] = h.of("error");
    // The trainer's NonFiniteError names the step that went bad: the one after the last completed step.
    expect(error.message).toContain(`step ${status.step + 1}`);
    expect(error.message).toContain("not finite");
    expect(status.step).toBeLessThan(50);
    expect(status.detail).toBe(`Stopped after step ${status.step}; reset to start again`);
  });

  it("answers a bad request with an error naming the field", async () => {
    const h = await ready();
    await h.session.handle({ type: "start", settings: { ...SETTINGS, batchSize: 0 } });
    expect(h.of("error").map((e) => e.message)).toEqual(["settings.batchSize must be an integer in [1, 4096], got 0"]);
    await h.session.handle({ type: "save", format: "safetensors" });
    expect(h.of("error")[1].message).toBe("save: there is no model yet; start training or load a model first");
  });

  it("says which backend could not start and why, stays ready, and trains on another", async () => {
    const noGpu = "createWebGpuBackend: this JavaScript environment has no WebGPU (navigator.gpu is missing)";
    const h = await ready(async (kind) => {
      if (kind === "webgpu") throw new Error(noGpu);
      return new JsBackend();
    });
    const refused = h.status("ready");
    await h.session.handle({ type: "start", settings: { ...SETTINGS, backend: "webgpu" } });
    expect((await refused).detail).toBe("Could not start the WebGPU backend; choose another and start again");
    expect(h.of("error").map((e) => e.message)).toEqual([noGpu]);
    expect(h.of("run")).toEqual([]);
    const done = h.status("done");
    await h.session.handle({ type: "start", settings: { ...SETTINGS, steps: 3 } });
    expect((await done).step).toBe(3);
    expect(h.of("run").map((r) => r.backend)).toEqual(["js"]);
  });

  it("refuses to start before the data is loaded", async () => {
    const h = harness();
    await h.session.handle({ type: "start", settings: SETTINGS });
    expect(h.of("error")[0].message).toBe("start: MNIST is still loading; wait until the status says ready");
  });
});
