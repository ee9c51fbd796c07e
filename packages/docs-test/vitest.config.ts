import { mergeConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.js";
import { readmeBlocks } from "./src/block-module.js";

// README examples import every package from source, backend-wasm included, whose kernels module
// is generated: `turbo run test` builds it first (backend-wasm is a dev dependency for that), and
// its global setup compiles it when a bare `npx vitest run` finds it missing or stale.
export default mergeConfig(packageTestConfig({ testTimeout: 60_000 }), {
  plugins: [readmeBlocks()],
  // Examples print what a reader would see; only a failing one's output helps here.
  test: { globalSetup: ["../backend-wasm/scripts/vitest-global-setup.mjs"], silent: "passed-only" },
});
