// The GPU check as a GPU machine runs it: bundled (tsup.config.ts) and started as a plain Node
// process, here on tiny sizes and the machine's Vulkan driver (lavapipe where there is no GPU). It
// must run all three parts on one device and write one JSON saying what each found.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { mnistDataDir } from "@chainrule/data-mnist/node";
import { build } from "tsup";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import bundle from "./tsup.config.js";

/** Under the package's node_modules, so the bundle finds the webgpu package as on the GPU machine. */
let dir: string;

beforeAll(async () => {
  const cache = fileURLToPath(new URL("../node_modules/.cache/", import.meta.url));
  mkdirSync(cache, { recursive: true });
  dir = mkdtempSync(join(cache, "gpu-check-"));
  await build({ ...bundle, outDir: dir, config: false, silent: true });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the bundle with `args`; resolves with its exit code and output. */
function check(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(dir, "gpu-check.mjs"), ...args]);
  let stdout = "", stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

describe("the GPU check, bundled", () => {
  it("runs the conformance suite, a matmul sweep and a CNN epoch on one device, and writes one JSON", async () => {
    const out = join(dir, "gpu-check.json");
    const r = await check(["--mnist", mnistDataDir(), "--sizes", "64,96", "--max-batches", "2", "--test-samples", "64", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(out, "utf8"));
    expect(JSON.parse(r.stdout)).toEqual(report);
    expect(report).toMatchObject({ ok: true, label: expect.stringMatching(/^webgpu, \S/), deviceErrors: [] });
    // the whole suite, as vitest runs it: 468 tests when this was written
    expect(report.conformance.failed).toEqual([]);
    expect(report.conformance.passed).toBeGreaterThan(400);
    expect(report.matmul.map((row: { n: number }) => row.n)).toEqual([64, 96]);
    for (const row of report.matmul) {
      expect(row.maxRelError).toBeLessThan(1e-6);
      expect(row.endToEndSeconds).toBeGreaterThan(0);
      // lavapipe and every GPU Dawn runs on have timestamp queries
      expect(row.reps).toBeGreaterThanOrEqual(3);
      expect(row.gpuSeconds).toBeGreaterThan(0);
    }
    expect(report.cnnEpoch).toMatchObject({ samplesTrained: 128, testSamples: 64, extrapolated: true });
    expect(report.cnnEpoch.epochSeconds).toBeGreaterThan(0);
  });

  it("refuses to start without the MNIST folder, with the usage", async () => {
    const r = await check(["--sizes", "64"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("gpu-check: --mnist DIR is required");
    expect(r.stderr).toContain("usage: node gpu-check.mjs --mnist DIR");
  });
});
