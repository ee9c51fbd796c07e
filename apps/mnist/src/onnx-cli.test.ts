import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadMnist } from "@chainrule/data-mnist/node";
import { loadModel } from "@chainrule/layers/node";
import { tensor } from "@chainrule/tensor";
import ort from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunReport } from "./report.js";
import { bundleCli, runCli, tinyMnist } from "./test-cli.js";

// `--onnx` end to end: the CLI trains on a tiny random MNIST, and onnxruntime runs the file it
// wrote on the raw test pixels; the answers must be chainrule's.
let cli: Awaited<ReturnType<typeof bundleCli>>;
let data: string;
let work: string;
/** Under the app's node_modules, so a script written there finds the app's onnxruntime-node. */
const scripts = fileURLToPath(new URL("../node_modules/.cache/", import.meta.url));

beforeAll(async () => {
  cli = await bundleCli();
  data = tinyMnist(256, 64);
  work = mkdtempSync(join(tmpdir(), "chainrule-onnx-cli-"));
});

afterAll(() => {
  cli.remove();
  rmSync(data, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

const argmax = (row: Float32Array) => row.indexOf(Math.max(...row));
const rows = (flat: Float32Array, n: number) => Array.from({ length: n }, (_, i) => flat.subarray(i * 10, (i + 1) * 10));

describe("--onnx", () => {
  it.each([
    ["mlp", [784]],
    ["cnn", [28, 28, 1]],
  ])("%s: onnxruntime on raw pixels gives chainrule's accuracy and logits, and the printed lines run it", async (model, sample) => {
    const [onnx, saved, report] = ["m.onnx", "m.safetensors", "r.json"].map((f) => join(work, `${model}-${f}`));
    const r = await runCli(cli.script, ["--backend", "js", "--model", model, "--epochs", "1", "--batch-size", "32", "--data-dir", data, "--onnx", onnx, "--save", saved, "--report", report]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`ONNX model written to ${onnx}\nto run it (npm install onnxruntime-node):\n`);

    const { test } = await loadMnist({ dir: data });
    const raw = Float32Array.from(test.images);
    const session = await ort.InferenceSession.create(readFileSync(onnx), { intraOpNumThreads: 1 });
    const { output } = await session.run({ input: new ort.Tensor("float32", raw, [test.size, ...sample]) });
    await session.release();
    expect(output.dims).toEqual([test.size, 10]);
    const fromOnnx = rows(output.data as Float32Array, test.size);

    const { testAccuracy } = JSON.parse(readFileSync(report, "utf8")) as RunReport;
    const onnxAccuracy = fromOnnx.filter((row, i) => argmax(row) === test.labels[i]).length / test.size;
    expect(Math.abs(onnxAccuracy - testAccuracy)).toBeLessThan(0.001);

    const net = await loadModel(saved);
    const fromChainrule = rows(Float32Array.from(await net.forward(tensor(Float32Array.from(raw, (p) => p / 255), [test.size, ...sample]), false).data()), test.size);
    let maxDiff = 0;
    fromOnnx.forEach((row, i) => row.forEach((v, c) => (maxDiff = Math.max(maxDiff, Math.abs(v - fromChainrule[i][c])))));
    expect(maxDiff).toBeLessThan(1e-4);
    expect(fromOnnx.map(argmax)).toEqual(fromChainrule.map(argmax));

    // The lines the run printed, as a script fed the first test image.
    const printed = r.stdout.split("to run it (npm install onnxruntime-node):\n")[1].split("\n").slice(0, 3).map((l) => l.trim());
    const script = join(scripts, `onnx-usage-${model}-${process.pid}.mjs`);
    writeFileSync(script, [`const pixels = Float32Array.from(${JSON.stringify(Array.from(test.images.subarray(0, 784)))});`, ...printed, "console.log(JSON.stringify(Array.from(output.data)));"].join("\n"));
    try {
      const logits = JSON.parse(execFileSync(process.execPath, [script], { encoding: "utf8" })) as number[];
      expect(logits).toHaveLength(10);
      logits.forEach((v, c) => expect(Math.abs(v - fromOnnx[0][c])).toBeLessThan(1e-5));
    } finally {
      rmSync(script, { force: true });
    }
  });
});
