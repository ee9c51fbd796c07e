// Smoke test of the PyTorch rows: the real script on the real MNIST, a few batches, through the
// same staging and parsing as `pnpm bench`. It checks that the script's batches are the Batcher's
// to the bit, that the rows are well-formed and ok and that the models learn; no speed is
// asserted. Skipped only where the interpreter has no PyTorch.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Batcher, type MnistData } from "@chainrule/data-mnist";
import { loadMnist } from "@chainrule/data-mnist/node";
import { JsBackend } from "@chainrule/tensor";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_PYTHON } from "./args.js";
import { SHUFFLE_SEED, TRAIN_SPECS, type PytorchSystemName } from "./plan.js";
import { PYTORCH_INSTALL } from "./pytorch/python-row.js";
import { stageMnist, type StagedMnist } from "./pytorch/stage-mnist.js";
import { torchMissing } from "./pytorch/test-torch.js";
import { runPython } from "./run-python.js";
import type { Task } from "./task.js";

const missing = torchMissing();
const BATCHES = 30;
// Tests import the script as a module, with python -B so that no __pycache__ lands beside it.
const SCRIPT_DIR = fileURLToPath(new URL("../python", import.meta.url));
const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function task(system: PytorchSystemName, workload: string): Task<PytorchSystemName> {
  return { system, workload, maxBatches: BATCHES, maxSeconds: 60, testSamples: 1000, profile: false, matmul: { warmup: 1, minReps: 3, budgetSeconds: 0.1 } };
}

describe("runPython without an interpreter", () => {
  it("fails the row with the install line", async () => {
    const row = await runPython(task("pytorch-cpu-1t", "matmul-256"), { python: "/nonexistent/python3", staged: null, timeoutSeconds: 30 });
    expect(row).toMatchObject({ ok: false, system: "pytorch-cpu-1t", workload: "matmul-256" });
    expect(row.error).toContain(PYTORCH_INSTALL);
  });
});

describe.skipIf(missing !== null)(missing === null ? `PyTorch rows with ${DEFAULT_PYTHON}` : `PyTorch rows (skipped: ${DEFAULT_PYTHON} has no PyTorch: ${missing}; ${PYTORCH_INSTALL})`, () => {
  let mnist: MnistData;
  let staged: StagedMnist;
  beforeAll(async () => {
    mnist = await loadMnist();
    staged = stageMnist(mnist, SHUFFLE_SEED);
  });
  afterAll(() => staged.remove());
  const run = (t: Task<PytorchSystemName>) => runPython(t, { python: DEFAULT_PYTHON, staged, timeoutSeconds: 100 });

  it.each(["mlp", "cnn"] as const)("draws the %s batches the Batcher draws: same values, same order", (model) => {
    const size = TRAIN_SPECS[model].batchSize;
    // The script's own batch generator writes its first three batches and its last (short) one.
    const out = path.join(staged.dir, `batches-${model}.bin`);
    const code = `import json, sys
sys.path.insert(0, sys.argv[1])
import pytorch_bench as bench
with open(sys.argv[3], "wb") as out:
    for k, (x, y) in enumerate(bench.epoch_batches(bench.read_staged(json.loads(sys.argv[2])), int(sys.argv[4]))):
        if k < 3 or len(y) < int(sys.argv[4]):
            out.write(x.tobytes())
            out.write(y.astype("<f4").tobytes())`;
    const py = spawnSync(DEFAULT_PYTHON, ["-B", "-c", code, SCRIPT_DIR, JSON.stringify(staged.files), out, String(size)], { encoding: "utf8" });
    expect(py.status, py.stderr).toBe(0);

    const expected: Buffer[] = [];
    const batcher = new Batcher(mnist.train, size, { shuffle: true, seed: SHUFFLE_SEED, layout: model === "mlp" ? "flat" : "image", backend: new JsBackend() });
    let k = 0;
    for (const { x, y, size: count } of batcher.epoch()) {
      if (k++ < 3 || count < size) expected.push(bytes(x.dataSync()), bytes(Float32Array.from(y.dataSync())));
    }
    expect(expected).toHaveLength(8);
    expect(readFileSync(out).equals(Buffer.concat(expected))).toBe(true);
  });

  it.each([
    ["pytorch-cpu-1t", "mlp", 128, 0.6],
    ["pytorch-cpu-2t", "cnn", 64, 0.4],
  ] as const)("%s trains the %s for the batches asked, extrapolates the epoch and learns", async (system, workload, batchSize, accuracy) => {
    const row = await run(task(system, workload));
    expect(row, row.error ?? "").toMatchObject({ ok: true, error: null, extrapolated: true, samplesTrained: BATCHES * batchSize, testSamples: 1000, gflops: null });
    expect(row.epochSeconds as number).toBeCloseTo(60000 / (row.samplesPerSecond as number), 6);
    expect(row.epochCpuSeconds).toBeGreaterThan(0);
    // Chance is 10%.
    expect(row.testAccuracy).toBeGreaterThan(accuracy);
    // Python with PyTorch loaded takes hundreds of MiB; the data as bytes 55.
    expect(row.peakRssMb).toBeGreaterThan(55);
    expect(row.peakRssMb).toBeLessThan(2048);
  });

  it("accepts OpenBLAS and refuses the reference BLAS", () => {
    const code = `import json, sys
sys.path.insert(0, sys.argv[1])
import pytorch_bench as bench
mine = bench.mapped_files()
print(json.dumps([bench.blas_problem(paths) for paths in json.loads(sys.argv[2])] + [bench.blas_problem(mine), any("openblas" in p for p in mine)]))`;
    const cases = [
      ["/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3", "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so"],
      ["/usr/lib/x86_64-linux-gnu/blas/libblas.so.3", "/usr/lib/x86_64-linux-gnu/libgomp.so.1.0.0"],
      ["/usr/lib/x86_64-linux-gnu/libgomp.so.1.0.0"],
    ];
    const py = spawnSync(DEFAULT_PYTHON, ["-B", "-c", code, SCRIPT_DIR, JSON.stringify(cases)], { encoding: "utf8" });
    expect(py.status, py.stderr).toBe(0);
    // The last two answers are about this process's own torch, on OpenBLAS as the reference setup has it.
    expect(JSON.parse(py.stdout)).toEqual([null, "torch calls /usr/lib/x86_64-linux-gnu/blas/libblas.so.3, not OpenBLAS", null, null, true]);
  });

  it("times torch.mm", async () => {
    const row = await run(task("pytorch-cpu-2t", "matmul-256"));
    expect(row, row.error ?? "").toMatchObject({ ok: true, epochSeconds: null, testAccuracy: null });
    expect(row.gflops).toBeGreaterThan(0);
  });

  it("kills a run that outlives its time limit", async () => {
    const long = { ...task("pytorch-cpu-1t", "matmul-256"), matmul: { warmup: 1, minReps: 3, budgetSeconds: 600 } };
    const row = await runPython(long, { python: DEFAULT_PYTHON, staged, timeoutSeconds: 3 });
    expect(row).toMatchObject({ ok: false, error: "timed out after 3 s (--timeout)" });
  });
});
