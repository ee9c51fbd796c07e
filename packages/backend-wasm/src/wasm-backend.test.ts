import { runConformance } from "@chainrule/backend-conformance";
import { createWasmBackend } from "./create-wasm-backend.js";

runConformance("wasm", () => createWasmBackend());
