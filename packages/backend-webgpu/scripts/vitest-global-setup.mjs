// Global setup of every vitest run in this repository that runs WebGPU in Node (backend-webgpu,
// layers, losses, optim, docs-test, apps/mnist, apps/bench): those tests run on a real adapter,
// never skipped. Where no Vulkan driver is named in the environment, they use the repository's
// lavapipe (software Vulkan) in .lavapipe/, and fail with the command that installs it when it is
// missing. The test workers start after this runs, so they inherit the variables set here.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export default function setup() {
  if (process.env.VK_DRIVER_FILES || process.env.VK_ICD_FILENAMES) return;
  const icd = fileURLToPath(new URL("../../../.lavapipe/lvp_icd.json", import.meta.url));
  if (!existsSync(icd)) {
    throw new Error(
      "WebGPU tests in this repository: no Vulkan driver for WebGPU in Node. Install lavapipe (software Vulkan) with " +
        "`bash scripts/setup-lavapipe.sh .lavapipe` at the repository root, or set VK_DRIVER_FILES to your GPU's Vulkan ICD file",
    );
  }
  process.env.VK_DRIVER_FILES = icd;
  process.env.VK_ICD_FILENAMES = icd;
  process.env.XDG_RUNTIME_DIR ??= "/tmp";
}
