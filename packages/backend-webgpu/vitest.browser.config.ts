/// <reference types="@vitest/browser/providers/playwright" />
import { defineConfig } from "vitest/config";
import { sourceAliases } from "../../vitest.shared.js";

// The same suites as in Node, on the WebGPU of a browser: Debian's chromium (never a downloaded
// one), whose SwiftShader runs WebGPU on the CPU when started with --enable-unsafe-webgpu. WebGPU
// needs a secure context, so the page is the test server's own, on 127.0.0.1.
const CHROMIUM = "/usr/bin/chromium";

export default defineConfig({
  resolve: { alias: sourceAliases },
  test: {
    // what the backend must pass in every environment: the conformance suite, the loss curves against
    // the JS backend, the PyTorch fixtures. Not src/special-values.test.ts: SwiftShader flushes float32
    // denormals to zero (sigmoid' at y = 3.78e-44, dy = ∞ gives NaN, not ∞), so it runs in Node on
    // lavapipe only (README, "Where it is tested").
    include: ["src/conformance.test.ts", "src/training.test.ts", "browser/**/*.test.ts"],
    // SwiftShader is a CPU running shaders, and compiles each pipeline the first time it runs
    testTimeout: 120_000,
    hookTimeout: 120_000,
    browser: {
      enabled: true,
      provider: "playwright",
      headless: true,
      // a failure's message says what differs; a screenshot of the blank test page would only litter src/
      screenshotFailures: false,
      api: { host: "127.0.0.1" },
      instances: [
        {
          browser: "chromium",
          launch: {
            executablePath: CHROMIUM,
            // --no-sandbox: containers run as root; --disable-dev-shm-usage: their /dev/shm is often 64 MB
            args: ["--enable-unsafe-webgpu", "--no-sandbox", "--disable-dev-shm-usage"],
          },
        },
      ],
    },
  },
});
