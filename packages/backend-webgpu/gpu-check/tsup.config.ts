import { fileURLToPath } from "node:url";
import { defineConfig } from "tsup";
import { sourcesPlugin } from "../../../vitest.shared.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The GPU check as one file, dist/gpu-check.mjs, for a machine that has Node and the npm package
 * webgpu and nothing else: every chainrule package bundled from its sources (as the tests see
 * them), vitest replaced by the check's own runner, webgpu left to load from node_modules.
 */
export default defineConfig({
  entry: { "gpu-check": here("src/main.ts") },
  outDir: here("dist"),
  format: ["esm"],
  outExtension: () => ({ js: ".mjs" }),
  platform: "node",
  target: "node20",
  splitting: false,
  sourcemap: false,
  clean: false,
  noExternal: [/^(?!webgpu$)/],
  external: ["webgpu"],
  esbuildPlugins: [
    sourcesPlugin,
    {
      name: "vitest-to-test-runner",
      setup(build) {
        build.onResolve({ filter: /^vitest$/ }, () => ({ path: here("src/test-runner.ts") }));
      },
    },
  ],
});
