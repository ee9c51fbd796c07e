// Vitest global setup: makes sure src/kernels-wasm.ts matches assembly/*.ts before tests import it.
import { ensureKernels } from "./build-kernels.mjs";

export default async function setup() {
  await ensureKernels();
}
