import { mergeConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.js";
import { readmeBlocks } from "./src/block-module.js";

// README examples import every package from source, backend-wasm included, whose kernels module
// is generated: `turbo run test` builds it first (backend-wasm is a dev dependency for that), and
// its global setup compiles it when a bare `npx vitest run` finds it missing or stale. The
// backend-webgpu README's example runs on a WebGPU adapter: that package's global setup points
// Vulkan at the repository's lavapipe (.lavapipe/) unless VK_DRIVER_FILES names a driver, and fails
// with the install command when there is none.
export default mergeConfig(packageTestConfig({ testTimeout: 60_000 }), {
  plugins: [readmeBlocks()],
  // Examples print what a reader would see; only a failing one's output helps here.
  test: { globalSetup: ["../backend-wasm/scripts/vitest-global-setup.mjs", "../backend-webgpu/scripts/vitest-global-setup.mjs"], silent: "passed-only" },
});
