// `--backend webgpu` end to end: the bundled CLI as a process on the machine's Vulkan driver
// (lavapipe where there is no GPU, see vitest.config.ts). It trains what the js backend trains, step
// for step, exits by itself once done (a live WebGPU device would keep Node running), predicts what
// the js backend predicts, and a machine without WebGPU gets one line saying what to install.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunReport } from "./report.js";
import { bundleCli, runCli, tinyMnist } from "./test-cli.js";

let cli: Awaited<ReturnType<typeof bundleCli>>;
let data: string;
let work: string;
const train = (backend: string, extra: string[]) =>
  runCli(cli.script, ["--backend", backend, "--model", "mlp", "--epochs", "2", "--batch-size", "32", "--data-dir", data, ...extra], { cwd: work, timeoutMs: 90_000 });

beforeAll(async () => {
  cli = await bundleCli();
  data = tinyMnist(256, 64);
  work = mkdtempSync(join(tmpdir(), "chainrule-webgpu-cli-"));
});

afterAll(() => {
  cli.remove();
  rmSync(data, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe("--backend webgpu", () => {
  it("trains the MLP along the js backend's loss curve, predicts the same digit, and exits by itself", async () => {
    const [js, gpu] = await Promise.all(["js", "webgpu"].map(async (backend) => {
      const files = { report: join(work, `${backend}.json`), model: join(work, `${backend}.safetensors`) };
      const r = await train(backend, ["--report", files.report, "--save", files.model]);
      expect(r.code, r.stderr).toBe(0);
      return { run: r, report: JSON.parse(readFileSync(files.report, "utf8")) as RunReport, model: files.model };
    }));
    expect(gpu.run.stdout).toMatch(/backend webgpu, \S/); // the adapter, as the backend's label names it
    expect(gpu.report.backend).toBe("webgpu");
    // 16 steps of Adam from the same seed: float32 sums in another order drift apart by about 1e-6
    expect(gpu.report.curve.length).toBe(js.report.curve.length);
    gpu.report.curve.forEach((point, i) => expect(Math.abs(point.loss - js.report.curve[i].loss)).toBeLessThan(1e-4 * js.report.curve[i].loss));
    expect(Math.abs(gpu.report.testAccuracy - js.report.testAccuracy)).toBeLessThanOrEqual(1 / 64);

    const image = new PNG({ width: 28, height: 28 });
    image.data.fill(255);
    for (let y = 4; y < 24; y++) image.data.set([0, 0, 0, 255], 4 * (y * 28 + 14)); // a "1"
    const png = join(work, "one.png");
    writeFileSync(png, PNG.sync.write(image));
    const [jsAnswer, gpuAnswer] = await Promise.all([["js", js.model], ["webgpu", gpu.model]].map(([backend, model]) =>
      runCli(cli.script, ["predict", "--backend", backend, "--load", model, png], { cwd: work })));
    expect(gpuAnswer.code, gpuAnswer.stderr).toBe(0);
    expect(gpuAnswer.stdout).toBe(jsAnswer.stdout);
  });

  it("says in one line, before training, that there is no adapter and how to get a driver", async () => {
    const r = await runCli(cli.script, ["--backend", "webgpu", "--data-dir", data], {
      cwd: work, env: { VK_DRIVER_FILES: "/nonexistent/icd.json", VK_ICD_FILENAMES: "/nonexistent/icd.json" },
    });
    expect(r.code).toBe(1);
    // the lines before it are the Vulkan loader's and Dawn's own warnings, written straight to stderr
    expect(r.stderr.trim().split("\n").at(-1)).toMatch(/^chainrule-mnist: --backend webgpu: no WebGPU adapter: Dawn found no usable GPU driver\. .*scripts\/setup-lavapipe\.sh DIR/);
    expect(r.stdout).toBe("");
  });
});
