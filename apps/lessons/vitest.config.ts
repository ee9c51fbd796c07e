import { mergeConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.js";

// The lessons' tests train on the WASM backend from source; backend-wasm's global setup compiles
// its generated kernels module when missing or stale (see packages/losses/vitest.config.ts).
export default mergeConfig(packageTestConfig({ testTimeout: 60_000 }), { test: { globalSetup: ["../../packages/backend-wasm/scripts/vitest-global-setup.mjs"] } });
