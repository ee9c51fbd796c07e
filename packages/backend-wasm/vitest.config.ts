import { mergeConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.js";

// Tests run from source without a build: the global setup compiles assembly/*.ts into
// src/kernels-wasm.ts first when that module is missing or stale. Node 20 runs relaxed SIMD only
// behind a flag: with it the tests cover both the plain and the fused-multiply-add kernels.
export default mergeConfig(packageTestConfig(), {
  test: {
    globalSetup: ["./scripts/vitest-global-setup.mjs"],
    poolOptions: { forks: { execArgv: ["--experimental-wasm-relaxed-simd"] } },
  },
});
