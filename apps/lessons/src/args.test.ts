import { describe, expect, it } from "vitest";
import { LESSON_NAMES, parseLessonArgs } from "./args.js";

describe("parseLessonArgs", () => {
  it("takes a lesson and fills in the defaults", () => {
    expect(parseLessonArgs(["batchnorm"])).toEqual({ command: "lesson", lesson: "batchnorm", report: null, html: null, backend: "wasm", threads: 1, seed: 1 });
  });

  it("takes every flag, and the '--' pnpm may pass first", () => {
    expect(parseLessonArgs(["--", "gradients", "--report", "r.json", "--html", "p.html", "--backend", "js", "--threads", "2", "--seed", "7"]))
      .toEqual({ command: "lesson", lesson: "gradients", report: "r.json", html: "p.html", backend: "js", threads: 2, seed: 7 });
    for (const name of LESSON_NAMES) expect(parseLessonArgs([name])).toMatchObject({ lesson: name });
    expect(parseLessonArgs(["--help"])).toEqual({ command: "help" });
  });

  it("refuses what it cannot run, saying what it accepts", () => {
    expect(() => parseLessonArgs([])).toThrow("name a lesson: activations, learning-rate, batchnorm, gradients, gradcheck");
    expect(() => parseLessonArgs(["dropout"])).toThrow("lesson: expected one of activations, learning-rate, batchnorm, gradients, gradcheck, got 'dropout'");
    expect(() => parseLessonArgs(["gradcheck", "batchnorm"])).toThrow("one lesson at a time");
    expect(() => parseLessonArgs(["gradcheck", "--backend", "gpu"])).toThrow("--backend: expected one of js, wasm, got 'gpu'");
    for (const bad of ["0", "65", "1e1", "0x2", " 2", "two"]) expect(() => parseLessonArgs(["gradcheck", "--threads", bad])).toThrow(`--threads: expected an integer from 1 to 64, got '${bad}'`);
    expect(() => parseLessonArgs(["gradcheck", "--seed", "-1"])).toThrow(/--seed/);
    expect(() => parseLessonArgs(["gradcheck", "--epochs", "3"])).toThrow("Unknown option '--epochs'");
  });
});
