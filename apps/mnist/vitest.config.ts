import { mergeConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.js";

// `--backend webgpu` runs on a real adapter: the machine's Vulkan driver when VK_DRIVER_FILES names
// one, else the repository's lavapipe, set up by the WebGPU package's own test setup.
export default mergeConfig(packageTestConfig(), {
  test: { globalSetup: ["../../packages/backend-webgpu/scripts/vitest-global-setup.mjs"] },
});
