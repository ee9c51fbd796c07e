import type { Backend } from "@chainrule/tensor";
import { afterAll, beforeAll, describe, it } from "vitest";
import { Harness } from "./harness.js";
import type { KernelTest } from "./kernel-test.js";
import { aliasingSuite } from "./suites/aliasing.js";
import { batchNormSuite } from "./suites/batchnorm.js";
import { completenessSuite } from "./suites/completeness.js";
import { conv2dSuite } from "./suites/conv2d.js";
import { elementwiseSuite } from "./suites/elementwise.js";
import { lifecycleSuite } from "./suites/lifecycle.js";
import { matmulSuite } from "./suites/matmul.js";
import { optimizerSuite } from "./suites/optimizers.js";
import { poolSuite } from "./suites/pool.js";
import { reduceSuite } from "./suites/reduce.js";
import { softmaxSuite } from "./suites/softmax.js";
import { statsSuite } from "./suites/stats.js";
import { storageSuite } from "./suites/storage.js";
import { toleranceFor, type Tolerance } from "./tolerance.js";

/**
 * Options of {@link runConformance}.
 *
 * @example
 * runConformance("webgpu", createWebGpuBackend, { tolerance: { rtol: 3e-4 } });
 */
export interface ConformanceOptions {
  /** Overrides the dtype's default tolerance ({@link toleranceFor}); say why in the calling test. */
  tolerance?: Partial<Tolerance>;
}

/**
 * Registers the conformance suite for one backend as vitest `describe` / `it` blocks: every kernel of
 * the Backend interface exists, and each one's output matches an independent float64 computation
 * within the dtype's tolerance, on odd sizes, with inputs and slack past every buffer left untouched;
 * and `dispose()` ends a fresh backend. Call it at the top level of a `*.test.ts` file; the backend is made once, before the tests.
 *
 * @example
 * // backend-wasm/src/wasm-backend.test.ts
 * import { runConformance } from "@chainrule/backend-conformance";
 * runConformance("wasm", () => createWasmBackend());
 */
export function runConformance(name: string, createBackend: () => Backend | Promise<Backend>, opts: ConformanceOptions = {}): void {
  describe(`${name} backend conformance`, () => {
    let backend: Backend | null = null;
    let tol: Tolerance;
    beforeAll(async () => {
      backend = await createBackend();
      tol = { ...toleranceFor(backend.dtype), ...opts.tolerance };
    });
    afterAll(() => backend?.dispose());

    const test: KernelTest = (label, body) =>
      it(label, async () => {
        if (!backend) throw new Error(`${name}: createBackend did not produce a backend`);
        const h = new Harness(backend, tol, label);
        try {
          await body(h);
          await h.verify();
        } finally {
          h.free();
        }
      });

    completenessSuite(test);
    storageSuite(test);
    matmulSuite(test);
    elementwiseSuite(test);
    reduceSuite(test);
    softmaxSuite(test);
    conv2dSuite(test);
    poolSuite(test);
    batchNormSuite(test);
    optimizerSuite(test);
    statsSuite(test);
    aliasingSuite(test);
    lifecycleSuite(createBackend);
  });
}
