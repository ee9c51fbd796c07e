import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

export default defineConfig({
  entry: ["src/index.ts", "src/node.ts"],
  // One copy of the code shared by both entries, in CJS too.
  splitting: true,
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  // import.meta.url in the CJS build: src/single-copy.ts names where each loaded copy lives.
  shims: true,
  // The version and module format src/single-copy.ts reports when two copies are loaded.
  esbuildOptions(options, { format }) {
    options.define = {
      ...options.define,
      __CHAINRULE_TENSOR_VERSION__: JSON.stringify(version),
      __CHAINRULE_TENSOR_FORMAT__: JSON.stringify(format === "cjs" ? "CommonJS" : "ESM"),
    };
  },
});
