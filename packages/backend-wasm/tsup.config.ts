import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  // No `splitting` option: tsup splits ESM by default, which keeps each kernel binary in a chunk of
  // its own (the dynamic imports of src/kernels-wasm.ts) for an app's bundler to keep apart too;
  // `splitting: false` would inline all four. CJS stays one file (tsup's CJS splitting is
  // experimental and rewrites the whole output).
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
});
