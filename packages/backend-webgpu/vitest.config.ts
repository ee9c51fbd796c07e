import { mergeConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.js";

// Tests run on a WebGPU adapter: the machine's Vulkan driver when VK_DRIVER_FILES names one, else
// the repository's lavapipe (scripts/vitest-global-setup.mjs). lavapipe is a CPU running shaders
// at a few GFLOPS, and compiles each pipeline the first time it runs: tests get two minutes.
export default mergeConfig(packageTestConfig({ testTimeout: 120_000 }), {
  test: { globalSetup: ["./scripts/vitest-global-setup.mjs"], include: ["gpu-check/**/*.test.ts"] },
});
