import { defineConfig } from "tsup";

// Two entries: the command line, and the child that runs one system × workload in its own process.
export default defineConfig({
  entry: ["src/cli.ts", "src/child.ts"],
  format: ["esm"],
  clean: true,
  sourcemap: true,
  target: "es2022",
  // TF.js is a devDependency (the app is private), which tsup would bundle; it must load from
  // node_modules, where its WASM backend also finds its .wasm files.
  external: [/^@tensorflow\//],
});
