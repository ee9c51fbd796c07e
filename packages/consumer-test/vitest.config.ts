import { defineConfig } from "vitest/config";

// No source aliases here: the test must see only what the packed tarballs hold. Packing, an npm
// install and a tsc run take tens of seconds on a shared 2-core machine, hence the long timeouts.
export default defineConfig({
  test: { include: ["src/**/*.test.ts"], testTimeout: 180_000, hookTimeout: 180_000 },
});
