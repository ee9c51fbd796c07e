import { runConformance } from "@chainrule/backend-conformance";
import { createWebGpuBackend } from "./create-webgpu-backend.js";

// The whole suite at the default float32 tolerance.
runConformance("webgpu", () => createWebGpuBackend());
