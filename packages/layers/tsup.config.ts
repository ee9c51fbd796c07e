import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/node.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  // Share one copy of the code between the main and the node entry in CJS too (ESM splits by default).
  splitting: true,
  target: "es2022",
});
