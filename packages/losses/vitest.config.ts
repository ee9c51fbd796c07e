import { mergeConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.js";

// The PyTorch fixture tests also run on the WASM and WebGPU backends, from source
// (fixtures/pytorch/backends.ts). WASM's kernels module (backend-wasm/src/kernels-wasm.ts) is
// generated, not committed: `turbo run test` has it because test → build → ^build runs
// backend-wasm's build first, but a bare `npx vitest run` on a fresh clone does not, so
// backend-wasm's own global setup compiles it here when missing or stale. WebGPU in Node needs a
// Vulkan driver: backend-webgpu's global setup points it at the repository's lavapipe (.lavapipe/)
// unless VK_DRIVER_FILES names one, and fails with the install command when there is none.
export default mergeConfig(packageTestConfig(), {
  test: { globalSetup: ["../backend-wasm/scripts/vitest-global-setup.mjs", "../backend-webgpu/scripts/vitest-global-setup.mjs"] },
});
