import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { sourceAliases } from "../../vitest.shared.js";
import { mnistFiles } from "./build/mnist-files.js";

// Cross-origin isolation (COOP + COEP) unlocks SharedArrayBuffer, which WASM threads need.
const isolation = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

const page = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export default defineConfig({
  // Relative base: the built page works from any folder it is served from.
  base: "./",
  plugins: [mnistFiles()],
  // The chainrule packages are bundled from their sources, as the tests use them: no package build needed first.
  resolve: { alias: sourceAliases },
  server: { headers: isolation },
  preview: { headers: isolation },
  worker: { format: "es" },
  build: {
    target: "es2022",
    chunkSizeWarningLimit: 2000,
    // Two pages: the playground and the Lessons page.
    rollupOptions: { input: { main: page("index.html"), lessons: page("lessons.html") } },
  },
});
