import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, parseRequest, parseSettings } from "./protocol.js";

describe("parseRequest", () => {
  it("passes well-formed requests through, typed", () => {
    const pixels = new Float32Array(784).fill(0.5);
    const bytes = new ArrayBuffer(16);
    expect(parseRequest({ type: "init", data: { baseUrl: "http://localhost/mnist/" } })).toEqual({ type: "init", data: { baseUrl: "http://localhost/mnist/" } });
    expect(parseRequest({ type: "start", settings: DEFAULT_SETTINGS })).toEqual({ type: "start", settings: DEFAULT_SETTINGS });
    expect(parseRequest({ type: "pause" })).toEqual({ type: "pause" });
    expect(parseRequest({ type: "reset", extra: 1 })).toEqual({ type: "reset" });
    expect(parseRequest({ type: "save", format: "safetensors" })).toEqual({ type: "save", format: "safetensors" });
    expect(parseRequest({ type: "save", format: "onnx" })).toEqual({ type: "save", format: "onnx" });
    const predict = parseRequest({ type: "predict", id: 7, pixels });
    expect(predict).toEqual({ type: "predict", id: 7, pixels });
    expect(predict.type === "predict" && predict.pixels).toBe(pixels);
    expect(parseRequest({ type: "load", bytes, fileName: "m.safetensors", settings: DEFAULT_SETTINGS })).toEqual({
      type: "load", bytes, fileName: "m.safetensors", settings: DEFAULT_SETTINGS,
    });
  });

  it("names the field and the value that are wrong", () => {
    expect(() => parseRequest(null)).toThrowError("message must be an object, got null");
    expect(() => parseRequest({ type: "train" })).toThrowError('unknown request type "train"; expected one of init, start, pause, reset, predict, save, load');
    expect(() => parseRequest({ type: "save" })).toThrowError("save.format must be one of safetensors, onnx, got undefined");
    expect(() => parseRequest({ type: "init", data: { baseUrl: "" } })).toThrowError('init.data.baseUrl must be a URL string, got ""');
    expect(() => parseRequest({ type: "predict", id: 1, pixels: new Float32Array(783) })).toThrowError(
      "predict.pixels must be a Float32Array of 784 values (28×28), got Float32Array(783)",
    );
    expect(() => parseRequest({ type: "predict", id: 1, pixels: [0, 1] })).toThrowError("got an array");
    expect(() => parseRequest({ type: "predict", id: -1, pixels: new Float32Array(784) })).toThrowError("predict.id must be an integer");
    expect(() => parseRequest({ type: "load", bytes: new Uint8Array(4), fileName: "x" })).toThrowError("load.bytes must be an ArrayBuffer, got Uint8Array(4)");
    expect(() => parseRequest({ type: "load", bytes: new ArrayBuffer(4), fileName: "x" })).toThrowError("settings must be an object, got undefined");
    expect(() => parseRequest({ type: "start", settings: { ...DEFAULT_SETTINGS, model: "rnn" } })).toThrowError(
      'settings.model must be one of mlp, cnn, deep-sigmoid, deep-relu, got "rnn"',
    );
  });
});

describe("parseSettings", () => {
  it("accepts the defaults and every offered choice", () => {
    expect(parseSettings(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
    const s = { model: "deep-sigmoid", backend: "js", optimizer: "momentum", learningRate: 0.5, batchSize: 1, steps: 1, seed: 0 };
    expect(parseSettings(s)).toEqual(s);
  });

  it("rejects numbers a run cannot use", () => {
    expect(() => parseSettings({ ...DEFAULT_SETTINGS, learningRate: 0 })).toThrowError("settings.learningRate must be a positive finite number, got 0");
    expect(() => parseSettings({ ...DEFAULT_SETTINGS, learningRate: NaN })).toThrowError("got NaN");
    expect(() => parseSettings({ ...DEFAULT_SETTINGS, batchSize: 32.5 })).toThrowError("settings.batchSize must be an integer in [1, 4096], got 32.5");
    expect(() => parseSettings({ ...DEFAULT_SETTINGS, steps: 0 })).toThrowError("settings.steps must be an integer in [1, 10000000], got 0");
    expect(() => parseSettings({ ...DEFAULT_SETTINGS, backend: "gpu" })).toThrowError('settings.backend must be one of js, wasm, webgpu, got "gpu"');
    expect(parseSettings({ ...DEFAULT_SETTINGS, backend: "webgpu" }).backend).toBe("webgpu");
    expect(() => parseSettings({ ...DEFAULT_SETTINGS, optimizer: undefined })).toThrowError("settings.optimizer must be one of sgd, momentum, adam, got undefined");
  });
});
