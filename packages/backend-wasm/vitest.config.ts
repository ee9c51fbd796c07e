import { mergeConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.js";

// Tests run from source without a build: the global setup compiles assembly/*.ts into
// src/kernels-wasm.ts first when that module is missing or stale.
export default mergeConfig(packageTestConfig(), { test: { globalSetup: ["./scripts/vitest-global-setup.mjs"] } });
