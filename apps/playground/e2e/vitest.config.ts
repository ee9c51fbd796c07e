import { defineConfig } from "vitest/config";

// The end-to-end run: one browser, one built page, bounded time for every wait.
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    testTimeout: 150_000,
    hookTimeout: 60_000,
    // One test file drives one browser; nothing to gain from parallel workers.
    fileParallelism: false,
  },
});
