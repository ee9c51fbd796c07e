import { mergeConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.js";

// The PyTorch fixture tests also run on the WASM backend, from source. Its kernels module
// (backend-wasm/src/kernels-wasm.ts) is generated, not committed: `turbo run test` has it because
// test → build → ^build runs backend-wasm's build first, but a bare `npx vitest run` on a fresh
// clone does not, so backend-wasm's own global setup compiles it here when missing or stale.
export default mergeConfig(packageTestConfig(), { test: { globalSetup: ["../backend-wasm/scripts/vitest-global-setup.mjs"] } });
