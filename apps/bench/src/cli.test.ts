// Smoke test of the whole harness: the built command line runs four systems on a small quick
// workload set, each in its own process (PyTorch's in Python), and must produce well-formed,
// successful rows. Speed is not asserted (the machine is shared); that training learns is:
// accuracy far above chance. Where the interpreter has no PyTorch, its rows must fail with the
// install line while the others run. WebGPU runs on the machine's Vulkan driver (lavapipe where
// there is no GPU, see vitest.config.ts); without one its row fails with the library's reason.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { PYTORCH_INSTALL } from "./pytorch/python-row.js";
import { torchMissing } from "./pytorch/test-torch.js";
import type { BenchRow } from "./row.js";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const systems = ["chainrule-js", "chainrule-webgpu", "tfjs-cpu", "pytorch-cpu-1t"];
const missing = torchMissing();
const usable = (r: BenchRow) => missing === null || r.system !== "pytorch-cpu-1t";
const workloads = ["mlp", "matmul-256"];
const BATCHES = 10;

let rows: BenchRow[] = [];
let printed = "";

/** Runs the built command line with `args` (and `env` added to this process's), and returns what it printed and its rows. */
async function bench(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; rows: BenchRow[] }> {
  const json = path.join(mkdtempSync(path.join(tmpdir(), "chainrule-bench-")), "rows.json");
  const { stdout } = await promisify(execFile)(process.execPath, [cli, ...args, "--json", json], { timeout: 110_000, env: { ...process.env, ...env } });
  return { stdout, rows: (JSON.parse(readFileSync(json, "utf8")) as { rows: BenchRow[] }).rows };
}

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`pnpm build\` (or \`pnpm test\` from the root, which builds first)`);
  ({ stdout: printed, rows } = await bench(["--quick", "--max-batches", String(BATCHES), "--max-seconds", "60", "--systems", systems.join(","), "--workloads", workloads.join(",")]));
}, 115_000);

describe("pnpm bench --quick", () => {
  it("writes one successful row per system × workload with every field", () => {
    expect(rows.map((r) => `${r.workload} ${r.system}`)).toEqual(workloads.flatMap((w) => systems.map((s) => `${w} ${s}`)));
    for (const r of rows.filter(usable)) {
      expect(r, `${r.system} ${r.workload}: ${r.error}`).toMatchObject({ ok: true, error: null });
      expect(Object.keys(r).sort()).toEqual([
        "epochCpuSeconds", "epochSeconds", "error", "extrapolated", "gflops", "ok", "peakRssMb", "repeats", "samplesPerSecond", "samplesTrained",
        "system", "testAccuracy", "testSamples", "workload",
      ]);
      // --quick runs each row once.
      expect(r.repeats).toHaveLength(1);
      // Node or Python alone takes tens of MiB; MNIST as uint8 adds 55 MiB; nothing here should need gigabytes.
      expect(r.peakRssMb).toBeGreaterThan(20);
      expect(r.peakRssMb).toBeLessThan(2048);
    }
  });

  it("trains the MLP for the batches asked, extrapolates the epoch, and learns", () => {
    for (const r of rows.filter((x) => x.workload === "mlp" && usable(x))) {
      expect(r.samplesTrained).toBe(BATCHES * 128);
      expect(r.extrapolated).toBe(true);
      expect(r.testSamples).toBe(1000);
      expect(r.epochSeconds).toBeGreaterThan(0);
      // The extrapolation is the measured rate applied to the 60,000 training images.
      expect(r.epochSeconds as number).toBeCloseTo(60000 / (r.samplesPerSecond as number), 6);
      // Chance is 10%; ten Adam steps at 1e-3 on batches of 128 reach well over half.
      expect(r.testAccuracy).toBeGreaterThan(0.5);
      expect(r.gflops).toBeNull();
    }
  });

  it("measures matmul GFLOPS and prints the ratio of chainrule to TF.js", () => {
    for (const r of rows.filter((x) => x.workload === "matmul-256" && usable(x))) {
      expect(r.gflops).toBeGreaterThan(0);
      expect(r.epochSeconds).toBeNull();
    }
    expect(printed).toMatch(/matmul-256\s+chainrule-js\s+tfjs-cpu\s+\d+\.\d\d\s+\d+\.\d\d/);
  });

  it("fails the WebGPU row, and only it, with the library's reason where there is no adapter", async () => {
    const noDriver = { VK_DRIVER_FILES: "/nonexistent/icd.json", VK_ICD_FILENAMES: "/nonexistent/icd.json" };
    const { rows: [row] } = await bench(["--quick", "--systems", "chainrule-webgpu", "--workloads", "matmul-256"], noDriver);
    expect(row).toMatchObject({ system: "chainrule-webgpu", ok: false, gflops: null });
    expect(row.error).toMatch(/^createWebGpuBackend: no WebGPU adapter: Dawn found no usable GPU driver\. .*setup-lavapipe\.sh/);
  });

  it.skipIf(missing === null)("fails the PyTorch rows with the install line where PyTorch is missing", () => {
    for (const r of rows.filter((x) => !usable(x))) expect(r.error).toContain(PYTORCH_INSTALL);
  });
});
