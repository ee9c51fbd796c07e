import { mergeConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.js";

// The smoke test spawns real benchmark runs, which take several seconds each on a shared machine.
// Its WebGPU row runs on the machine's Vulkan driver when VK_DRIVER_FILES names one, else on the
// repository's lavapipe, set up by the WebGPU package's own test setup.
export default mergeConfig(packageTestConfig({ testTimeout: 120_000 }), {
  test: { globalSetup: ["../../packages/backend-webgpu/scripts/vitest-global-setup.mjs"] },
});
