import { spawnSync } from "node:child_process";
import { DEFAULT_PYTHON } from "../args.js";

/**
 * For the tests: why the default interpreter cannot import PyTorch, or null when it can. Tests
 * that need PyTorch are skipped with this reason.
 *
 * @example
 * describe.skipIf(torchMissing() !== null)("PyTorch rows", () => {});
 */
export function torchMissing(): string | null {
  const probe = spawnSync(DEFAULT_PYTHON, ["-c", "import torch"], { encoding: "utf8" });
  if (probe.error) return probe.error.message;
  return probe.status === 0 ? null : (probe.stderr.trim().split("\n").at(-1) ?? `exit status ${probe.status}`);
}
