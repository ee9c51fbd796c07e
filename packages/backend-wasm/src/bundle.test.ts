// What a browser app downloads: the package bundled as an app bundles it (esbuild, minified, ESM
// with code splitting), from the sources. Each kernel binary must be a chunk of its own that only
// the backend using it loads, so a one-thread backend costs one binary (~22 KB gzip), not four.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { KERNELS_BASE64_LOADERS } from "./kernels-wasm.js";
import type { KernelVariant } from "./load-kernels.js";

/** The budget for a one-thread backend in a browser bundle: entry chunk plus the binary it loads. */
const ONE_THREAD_GZIP_BUDGET = 45_000;

/** The few esbuild types used here (esbuild is no dependency of this package, so it has no types here). */
interface Output {
  imports: { path: string; kind: string }[];
  entryPoint?: string;
}
interface BuildResult {
  outputFiles: { path: string; contents: Uint8Array; text: string }[];
  metafile: { outputs: Record<string, Output> };
}
interface Esbuild {
  build(options: Record<string, unknown>): Promise<BuildResult>;
}

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
// tsup, the workspace's build tool, brings esbuild.
const esbuild = require(require.resolve("esbuild", { paths: [dirname(require.resolve("tsup"))] })) as Esbuild;

/** Bundles an app that imports createWasmBackend, as esbuild would for a browser, without writing it. */
function bundleApp(outdir: string, minify: boolean): Promise<BuildResult> {
  return esbuild.build({
    stdin: { contents: 'export { createWasmBackend } from "./src/index.ts";', resolveDir: root, loader: "ts" },
    alias: { "@chainrule/tensor": join(root, "../tensor/src/index.ts") },
    absWorkingDir: root,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    minify,
    outdir,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
}

const VARIANTS = Object.keys(KERNELS_BASE64_LOADERS) as KernelVariant[];

/** Options that make createWasmBackend pick each variant (the child process below has relaxed SIMD and 2 hardware threads). */
const OPTIONS: Record<KernelVariant, { threads?: number; fma: boolean }> = {
  plain: { fma: false },
  fma: { fma: true },
  plainShared: { threads: 2, fma: false },
  fmaShared: { threads: 2, fma: true },
};

describe("the browser bundle (esbuild, minified, code splitting)", () => {
  let files: Map<string, { text: string; gzip: number }>;
  let outputs: Record<string, Output>;
  let entry: string;
  const binaries = new Map<KernelVariant, string>();

  beforeAll(async () => {
    const built = await bundleApp(join(root, ".tmp/bundle"), true);
    files = new Map(built.outputFiles.map((f) => [f.path, { text: f.text, gzip: gzipSync(f.contents).length }]));
    // metafile paths are relative to absWorkingDir; outputFiles' are absolute
    outputs = Object.fromEntries(Object.entries(built.metafile.outputs).map(([p, o]) => [resolve(root, p), o]));
    entry = Object.keys(outputs).find((p) => outputs[p].entryPoint)!;
    for (const v of VARIANTS) binaries.set(v, await KERNELS_BASE64_LOADERS[v]());
  });

  /** The variant's chunk (a dynamic import of the entry) and every file it and the entry import statically: what a browser fetches. */
  function fetchedFor(variant: KernelVariant): string[] {
    const chunks = outputs[entry].imports.filter((i) => i.kind === "dynamic-import").map((i) => resolve(root, i.path));
    const own = chunks.filter((c) => files.get(c)!.text.includes(binaries.get(variant)!));
    expect(own, `chunks holding the ${variant} binary`).toHaveLength(1);
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const i of outputs[file].imports) if (i.kind === "import-statement") visit(resolve(root, i.path));
    };
    [entry, own[0]].forEach(visit);
    return [...seen];
  }

  const binariesIn = (fetched: string[]) => VARIANTS.filter((v) => fetched.some((f) => files.get(f)!.text.includes(binaries.get(v)!)));

  it("keeps every binary out of the entry chunk", () => {
    expect(binariesIn([entry])).toEqual([]);
  });

  it.each(["plain", "fma"] as const)("loads only the %s binary for one thread, within 45 KB gzip", (variant) => {
    const fetched = fetchedFor(variant);
    expect(binariesIn(fetched)).toEqual([variant]);
    const gzip = fetched.reduce((sum, f) => sum + files.get(f)!.gzip, 0);
    expect(gzip).toBeLessThanOrEqual(ONE_THREAD_GZIP_BUDGET);
  });

  it.each(["plainShared", "fmaShared"] as const)("loads only the %s binary for threads", (variant) => {
    expect(binariesIn(fetchedFor(variant))).toEqual([variant]);
  });

  // Only the files a browser would fetch are written, so loading any other chunk would fail.
  it.each(VARIANTS)("runs the %s backend in a plain Node process from nothing but its own files", async (variant) => {
    const dir = await mkdtemp(join(tmpdir(), "chainrule-wasm-bundle-"));
    try {
      await writeFile(join(dir, "package.json"), '{ "type": "module" }');
      for (const f of fetchedFor(variant)) await writeFile(join(dir, basename(f)), files.get(f)!.text);
      const script = `
        Object.defineProperty(globalThis, "navigator", { value: { hardwareConcurrency: 2 }, configurable: true });
        const { createWasmBackend } = await import(${JSON.stringify(pathToFileURL(join(dir, basename(entry))).href)});
        const be = await createWasmBackend(${JSON.stringify(OPTIONS[variant])});
        const [a, out] = [be.alloc(4), be.alloc(4)];
        be.write(a, [1, 2, 3, 4]);
        be.matmul(a, a, out, { m: 2, n: 2, k: 2 });
        console.log(be.label, be.readSync(out).join(","));
        be.dispose();
      `;
      // the flag vitest.config.ts gives the tests: Node 20 runs relaxed SIMD only with it
      const { stdout } = await promisify(execFile)(process.execPath, ["--experimental-wasm-relaxed-simd", "--input-type=module", "-e", script]);
      const { threads = 1, fma } = OPTIONS[variant];
      // [[1, 2], [3, 4]]² = [[7, 10], [15, 22]]
      expect(stdout.trim()).toBe(`wasm, ${fma ? "fma" : "no fma"}, ${threads} thread${threads > 1 ? "s" : ""} 7,10,15,22`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("the published build (esbuild as tsup runs it: not minified)", () => {
  it("marks every import of a computed specifier webpackIgnore, so webpack 5 neither resolves nor warns on it", async () => {
    const built = await bundleApp(join(root, ".tmp/unminified"), false);
    const code = built.outputFiles.map((f) => f.text).join("\n");
    // import( + its comments + an argument that is not a string literal
    const computed = [...code.matchAll(/\bimport\(\s*((?:\/\*.*?\*\/\s*)*)([^\s"'`)][^)]*)\)/g)];
    expect(computed.map((m) => m[2].trim())).toEqual(["specifier", "specifier"]); // node:os, node:worker_threads
    for (const [, comments] of computed) expect(comments).toContain("webpackIgnore: true");
  });
});
