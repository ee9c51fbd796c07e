/**
 * The test suite every chainrule backend must pass: `runConformance` registers vitest tests that
 * check each kernel against an independent float64 computation.
 *
 * @module @chainrule/backend-conformance
 */
export { Harness, TrackedBuffer } from "./harness.js";
export type { KernelTest } from "./kernel-test.js";
export { kernelNames, missingKernels, type KernelName } from "./kernels.js";
export { runConformance, type ConformanceOptions } from "./run-conformance.js";
export { expectClose, toleranceFor, type Tolerance } from "./tolerance.js";
