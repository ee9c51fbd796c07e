import { describe, expect, it } from "vitest";
import type { ProcessEnd } from "../watch-process.js";
import { PYTORCH_INSTALL, pythonRow, UNUSABLE_EXIT } from "./python-row.js";

const PYTHON = "/usr/bin/python3";
const ended = (e: Partial<ProcessEnd>): ProcessEnd => ({
  code: 0, signal: null, timedOut: false, timeoutSeconds: 60, startError: null, stdout: "", stderr: "", message: null, ...e,
});
const training = {
  epochSeconds: 0.5, epochCpuSeconds: 0.49, samplesPerSecond: 120000, testAccuracy: 0.95, extrapolated: false, samplesTrained: 60000,
  testSamples: 10000, peakRssMb: 300.5,
};

describe("pythonRow", () => {
  it("fills the row from the script's last line of stdout", () => {
    const row = pythonRow("pytorch-cpu-1t", "mlp", ended({ stdout: `some warning\n${JSON.stringify(training)}\n` }), PYTHON);
    expect(row).toEqual({ system: "pytorch-cpu-1t", workload: "mlp", ok: true, error: null, gflops: null, ...training });
    const mm = pythonRow("pytorch-cpu-2t", "matmul-512", ended({ stdout: '{"gflops": 61.5, "peakRssMb": 250}' }), PYTHON);
    expect(mm).toMatchObject({ ok: true, gflops: 61.5, peakRssMb: 250, epochSeconds: null, extrapolated: false });
  });

  it("gives the install line when the interpreter cannot start or PyTorch is unusable", () => {
    const enoent = Object.assign(new Error("spawn /usr/bin/python3 ENOENT"), { code: "ENOENT" });
    const noPython = pythonRow("pytorch-cpu-1t", "mlp", ended({ code: null, startError: enoent }), PYTHON);
    expect(noPython).toMatchObject({ ok: false, epochSeconds: null });
    expect(noPython.error).toBe(`no usable PyTorch: ${PYTORCH_INSTALL} (or --python PATH); /usr/bin/python3: spawn /usr/bin/python3 ENOENT`);
    // The report prints the first 90 characters of an error: the install line must be among them.
    expect(noPython.error?.slice(0, 90)).toContain(PYTORCH_INSTALL);
    const blas = pythonRow("pytorch-cpu-1t", "mlp", ended({ code: UNUSABLE_EXIT, stderr: "torch calls /usr/lib/x86_64-linux-gnu/blas/libblas.so.3, not OpenBLAS\n" }), PYTHON);
    expect(blas.error).toBe(`no usable PyTorch: ${PYTORCH_INSTALL} (or --python PATH); ${PYTHON}: torch calls /usr/lib/x86_64-linux-gnu/blas/libblas.so.3, not OpenBLAS`);
  });

  it("puts a Python exception's message first, then the exit status and the traceback", () => {
    const stderr = 'Traceback (most recent call last):\n  File "x.py", line 1\nRuntimeError: no batch was trained: raise --max-seconds or the batch limit\n';
    const row = pythonRow("pytorch-cpu-1t", "cnn", ended({ code: 1, stderr }), PYTHON);
    expect(row.ok).toBe(false);
    expect(row.error?.split("\n")[0]).toBe("RuntimeError: no batch was trained: raise --max-seconds or the batch limit");
    expect(row.error).toContain("process exited with 1: Traceback");
  });

  it("says the run timed out, whatever it printed", () => {
    const row = pythonRow("pytorch-cpu-2t", "cnn", ended({ code: null, signal: "SIGKILL", timedOut: true, stdout: JSON.stringify(training) }), PYTHON);
    expect(row).toMatchObject({ ok: false, error: "timed out after 60 s (--timeout)" });
  });

  it.each([
    ["no JSON", "Segmentation fault?", /printed no JSON row/],
    ["not an object", "[1, 2]", /not a row/],
    ["a missing number", JSON.stringify({ ...training, testAccuracy: undefined }), /testAccuracy = undefined, not a finite number/],
    ["NaN", JSON.stringify(training).replace("0.95", "NaN"), /printed no JSON row/],
    ["a string for a number", JSON.stringify({ ...training, epochSeconds: "0.5" }), /epochSeconds = "0.5"/],
    ["a field the row lacks", JSON.stringify({ ...training, gflops: 3 }), /reported 'gflops', which a mlp row does not have/],
    ["extrapolated not a boolean", JSON.stringify({ ...training, extrapolated: 1 }), /extrapolated = 1, not true or false/],
  ])("fails a row whose output has %s", (_, stdout, error) => {
    const row = pythonRow("pytorch-cpu-1t", "mlp", ended({ stdout }), PYTHON);
    expect(row.ok).toBe(false);
    expect(row.error).toMatch(error);
  });
});
