import { defineConfig } from "vitest/config";
import { sourceAliases } from "../../vitest.shared.js";

// The workspace's test setup (siblings from source), plus the Vite plugin's tests under build/.
export default defineConfig({
  resolve: { alias: sourceAliases },
  test: { include: ["src/**/*.test.ts", "build/**/*.test.ts"], testTimeout: 30_000 },
});
