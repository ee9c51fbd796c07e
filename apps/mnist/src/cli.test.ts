import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { loadModel } from "@chainrule/layers/node";
import ort from "onnxruntime-node";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunReport } from "./report.js";
import { bundleCli, runCli, tinyMnist, type CliRun } from "./test-cli.js";

// The CLI runs as a real process (bundled from source) on 256 random training images: a run takes
// well under a second, so the tests can train, interrupt and break things for real.
let cli: Awaited<ReturnType<typeof bundleCli>>;
let data: string;
let work: string;
let mlp: string;
const base = () => ["--backend", "js", "--model", "mlp", "--batch-size", "32", "--data-dir", data];
const run = (args: string[], opts?: Parameters<typeof runCli>[2]) => runCli(cli.script, args, { cwd: work, ...opts });
const stderrLines = (r: CliRun) => r.stderr.trim().split("\n");
const noStack = (r: CliRun) => expect(r.stderr).not.toMatch(/\n\s+at /);
/** Every file under `dir`, as paths relative to it. */
const filesUnder = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name).slice(dir.length + 1)).sort();

beforeAll(async () => {
  cli = await bundleCli();
  data = tinyMnist(256, 64);
  work = mkdtempSync(join(tmpdir(), "chainrule-cli-"));
  mlp = join(work, "mlp.safetensors");
  const r = await run([...base(), "--epochs", "1", "--save", mlp, "--quiet"]);
  expect(r.code).toBe(0);
});

afterAll(() => {
  cli.remove();
  rmSync(data, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe("output files", () => {
  it("makes missing folders, writes every output, leaves no temporary file and clears a killed run's", async () => {
    const out = join(work, "outputs");
    mkdirSync(join(out, "c"), { recursive: true });
    // What a save killed between writing and renaming leaves behind (pid 2147483646 is not running).
    writeFileSync(join(out, "c", ".r.json.2147483646.0badf00d.tmp"), "half a report");
    const r = await run([
      ...base(), "--epochs", "1", "--save", join(out, "a", "b", "m.safetensors"), "--report", join(out, "c", "r.json"), "--html", join(out, "c", "r.html"),
      "--onnx", join(out, "d", "m.onnx"),
    ]);
    expect(r.code).toBe(0);
    expect(filesUnder(out)).toEqual(["a/b/m.safetensors", "c/r.html", "c/r.json", "d/m.onnx"]);
    expect(r.stdout).toContain(`model written to ${join(out, "a", "b", "m.safetensors")}`);
    const report = JSON.parse(readFileSync(join(out, "c", "r.json"), "utf8")) as RunReport;
    expect([report.model, report.epochs.length, report.stopReason]).toEqual(["mlp", 1, null]);
    const model = await loadModel(join(out, "a", "b", "m.safetensors"));
    expect(model.parameters().reduce((n, p) => n + p.size, 0)).toBe(235146);
  });

  it("refuses before training, in one line naming the flag and the path, a folder that cannot be made", async () => {
    const blocker = join(work, "a-file");
    writeFileSync(blocker, "");
    const target = join(blocker, "m.safetensors");
    const r = await run([...base(), "--epochs", "1", "--save", target]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`chainrule-mnist: --save ${target}: ${blocker} is a file, not a folder; choose another path\n`);
    expect(r.stdout).not.toContain("training for");
  });

  it("fails fast on a folder in /proc instead of hanging after training", async () => {
    const r = await run([...base(), "--epochs", "1", "--report", "/proc/nope/r.json"], { timeoutMs: 20_000 });
    expect(r.code).toBe(1);
    expect(stderrLines(r)).toEqual([expect.stringMatching(/^chainrule-mnist: --report \/proc\/nope\/r\.json: cannot create the folder \/proc\/nope \(.+\)$/)]);
    expect(r.stdout).not.toContain("training for");
  });

  it("when an output cannot be written at the end, still prints the result, keeps the others and writes the model elsewhere", async () => {
    const gone = join(work, "gone");
    const kept = join(work, "kept");
    const target = join(gone, "m.safetensors");
    // The folder is there when the run checks it and gone when the run saves, 5 epochs later.
    const r = await run([...base(), "--epochs", "5", "--save", target, "--report", join(kept, "r.json")], {
      onStdout: (stdout) => {
        if (stdout.includes("training for")) rmSync(gone, { recursive: true, force: true });
      },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/test accuracy [\d.]+%, test loss [\d.]+ after 5 epochs/);
    expect(r.stdout).toContain(`report written to ${join(kept, "r.json")}`);
    expect(existsSync(join(kept, "r.json"))).toBe(true);
    const lines = stderrLines(r);
    expect(lines[0]).toBe(`chainrule-mnist: could not write the model to ${target} (no such file or folder; check the path)`);
    const rescued = /^chainrule-mnist: the model was written to (\S+) instead$/.exec(lines[1])?.[1] ?? "";
    expect(rescued.startsWith(join(tmpdir(), "chainrule-mnist-"))).toBe(true);
    expect((await loadModel(rescued)).name).toBe("mlp");
    rmSync(dirname(rescued), { recursive: true });
  });
});

describe("Ctrl-C", () => {
  it("stops after the current step, tests, writes what was trained (ONNX too), says where it stopped and exits with 130", async () => {
    const dir = join(work, "interrupted");
    let sent = false;
    const r = await run([...base(), "--epochs", "200", "--save", join(dir, "m.safetensors"), "--report", join(dir, "r.json"), "--onnx", join(dir, "m.onnx")], {
      onStdout: (stdout, child) => {
        if (!sent && /^\s*1\/200\s/m.test(stdout)) sent = child.kill("SIGINT");
      },
    });
    expect([r.code, r.signal]).toEqual([130, null]);
    const [, epoch, step] = /^stopped at epoch (\d+) step (\d+)$/m.exec(r.stdout) ?? [];
    expect(Number(epoch)).toBeGreaterThan(1);
    expect(Number(step)).toBeGreaterThanOrEqual(1);
    expect(Number(step)).toBeLessThanOrEqual(8);
    expect(r.stdout).toMatch(new RegExp(`stopped at epoch ${epoch} step ${step}\\ntest accuracy [\\d.]+%, test loss [\\d.]+ after ${epoch} epochs`));
    const report = JSON.parse(readFileSync(join(dir, "r.json"), "utf8")) as RunReport;
    expect([report.stopReason, report.epochs.length]).toEqual(["interrupted (Ctrl-C)", Number(epoch)]);
    expect(report.epochs.at(-1)?.testAccuracy).toBe(report.testAccuracy);
    expect((await loadModel(join(dir, "m.safetensors"))).name).toBe("mlp");
    const session = await ort.InferenceSession.create(join(dir, "m.onnx"), { intraOpNumThreads: 1 });
    const { output } = await session.run({ input: new ort.Tensor("float32", new Float32Array(2 * 784), [2, 784]) });
    await session.release();
    expect(output.dims).toEqual([2, 10]);
  });
});

describe("errors are one line naming the file and what to do", () => {
  const png = (bytes: Buffer | string) => {
    const path = join(work, `img-${Math.random().toString(36).slice(2)}.png`);
    writeFileSync(path, bytes);
    return path;
  };
  const digit = () => {
    const image = new PNG({ width: 28, height: 28 });
    image.data.fill(255);
    for (let y = 4; y < 24; y++) image.data.set([0, 0, 0, 255], 4 * (y * 28 + 14)); // a "1"
    return PNG.sync.write(image);
  };
  const cases: [string, () => { args: string[]; line: string | RegExp }][] = [
    ["a missing model", () => ({ args: ["predict", "--load", join(work, "nope.safetensors"), png(digit())], line: `--load ${join(work, "nope.safetensors")}: no such file or folder; check the path` })],
    ["a file that is not a model", () => {
      const bad = png("not safetensors at all");
      return { args: ["predict", "--load", bad, png(digit())], line: new RegExp(`^--load ${bad}: .+; give a model saved with chainrule-mnist --save$`) };
    }],
    ["a missing image", () => ({ args: ["predict", "--load", mlp, join(work, "nope.png")], line: `${join(work, "nope.png")}: no such file or folder; check the path` })],
    ["an image that is not a PNG", () => {
      const text = png("just text");
      return { args: ["predict", "--load", mlp, text], line: `${text}: not a PNG image (it lacks the PNG signature); save or convert it as PNG` };
    }],
    ["a PNG cut short", () => {
      const cut = png(digit().subarray(0, 60));
      return { args: ["predict", "--load", mlp, cut], line: `${cut}: the PNG is damaged or cut short and cannot be decoded; save it again as PNG` };
    }],
    ["a data folder without the MNIST files", () => {
      const empty = mkdtempSync(join(work, "empty-"));
      return { args: [...base(), "--data-dir", empty], line: new RegExp(`^--data-dir ${join(empty, "train-images-idx3-ubyte")}: not found .+; the folder must hold the four MNIST IDX files`) };
    }],
  ];

  it.each(cases)("%s", async (_, make) => {
    const { args, line } = make();
    const r = await run(args);
    expect(r.code).toBe(1);
    expect(stderrLines(r)).toEqual([typeof line === "string" ? `chainrule-mnist: ${line}` : expect.stringMatching(line.source.replace(/^\^/, "^chainrule-mnist: "))]);
    noStack(r);
  });

  it("adds the stack trace with --verbose", async () => {
    const r = await run(["predict", "--verbose", "--load", mlp, join(work, "nope.png")]);
    expect(r.code).toBe(1);
    expect(stderrLines(r)[0]).toBe(`chainrule-mnist: ${join(work, "nope.png")}: no such file or folder; check the path`);
    expect(r.stderr).toMatch(/\n\s+at .*readPngGrey/);
    expect(r.stderr).toMatch(/caused by: Error: ENOENT/);
  });

  it("predicts with a good model and image, for contrast", async () => {
    const r = await run(["predict", "--backend", "js", "--load", mlp, png(digit())]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\.png: \d \(\d+\.\d%\), \d \(\d+\.\d%\), \d \(\d+\.\d%\)\n$/);
  });
});

describe("--load", () => {
  it("trains the file's architecture with its recipe, and says '1 epoch'", async () => {
    const r = await run(["--backend", "js", "--data-dir", data, "--epochs", "1", "--load", mlp]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`chainrule-mnist: mlp from ${mlp} on mnist`);
    expect(r.stdout).toContain("recipe: 1 epoch, batch 64, adam lr 0.001 cosine\n");
  });

  it("refuses a --model that is not the file's, in one line", async () => {
    const r = await run(["--backend", "js", "--data-dir", data, "--epochs", "1", "--load", mlp, "--model", "cnn"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`chainrule-mnist: --model cnn disagrees with --load ${mlp}, whose model is mlp; leave out --model (the file's architecture is used)\n`);
    expect(r.stdout).not.toContain("training for");
  });
});
