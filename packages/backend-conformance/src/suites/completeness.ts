import { describe } from "vitest";
import type { KernelTest } from "../kernel-test.js";
import { missingKernels } from "../kernels.js";

/** The backend implements every kernel and says what it is. */
export function completenessSuite(test: KernelTest): void {
  describe("interface", () => {
    test("implements every kernel of the Backend interface", ({ backend }) => {
      const missing = missingKernels(backend);
      if (missing.length > 0) throw new Error(`${backend.name} backend is missing kernels: ${missing.join(", ")}`);
    });

    test("has a name, a label and a float dtype", ({ backend }) => {
      if (typeof backend.name !== "string" || backend.name === "") throw new Error(`backend name must be a non-empty string, got ${String(backend.name)}`);
      if (typeof backend.label !== "string" || backend.label === "") throw new Error(`backend label must be a non-empty string, got ${String(backend.label)}`);
      if (backend.dtype !== "float32" && backend.dtype !== "float64") throw new Error(`backend dtype must be float32 or float64, got ${String(backend.dtype)}`);
    });
  });
}
