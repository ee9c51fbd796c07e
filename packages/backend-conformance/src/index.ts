export { Harness, TrackedBuffer } from "./harness.js";
export type { KernelTest } from "./kernel-test.js";
export { kernelNames, missingKernels, type KernelName } from "./kernels.js";
export { runConformance, type ConformanceOptions } from "./run-conformance.js";
export { expectClose, toleranceFor, type Tolerance } from "./tolerance.js";
