// A browser app that bundles the package gets no Node code: esbuild, bundling the sources for a
// browser, resolves every import without `webgpu` (imported only in Node, from a computed
// specifier that webpack and Vite are told to leave alone) or any node: module.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** The few esbuild types used here (esbuild comes with tsup; it is no dependency of this package). */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[]; metafile: { inputs: Record<string, { imports: { path: string }[] }> } }>;
}

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const esbuild = require(require.resolve("esbuild", { paths: [dirname(require.resolve("tsup"))] })) as Esbuild;

describe("a browser bundle", () => {
  it("holds no Node module and no static import of webgpu, and marks the Node-only import for webpack and Vite", async () => {
    const result = await esbuild.build({
      stdin: { contents: 'export { createWebGpuBackend } from "./src/index.ts";', resolveDir: root, loader: "ts" },
      alias: { "@chainrule/tensor": join(root, "../tensor/src/index.ts") },
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
    expect(imports.filter((path) => /(^|\/)webgpu(\/|$)/.test(path) || path.startsWith("node:"))).toEqual([]);
    const code = result.outputFiles[0].text;
    expect(code).toMatch(/import\(\s*\/\* webpackIgnore: true \*\/\s*\/\* @vite-ignore \*\/\s*specifier\s*\)/);
  });
});
