import type { Backend } from "@chainrule/tensor";
import { describe, it } from "vitest";

/** Whether `fn` throws (or rejects) an Error that mentions dispose. */
async function failsAfterDispose(fn: () => unknown): Promise<boolean> {
  try {
    await fn();
    return false;
  } catch (e) {
    return e instanceof Error && /dispose/.test(e.message);
  }
}

/** dispose() ends a backend: storage, kernels and reads all refuse afterwards, saying why. */
export function lifecycleSuite(createBackend: () => Backend | Promise<Backend>): void {
  describe("lifecycle", () => {
    it("dispose ends the backend: every later call throws an error that says so; free, memory() and a second dispose are harmless", async () => {
      const backend = await createBackend();
      const id = backend.alloc(8);
      const out = backend.alloc(8);
      backend.dispose();
      backend.dispose();
      const calls: [string, () => unknown][] = [
        ["alloc", () => backend.alloc(4)],
        ["write", () => backend.write(id, [1, 2])],
        ["read", () => backend.read(id)],
        ["fill", () => backend.fill(id, 1, 8)],
        ["unary", () => backend.unary("exp", id, out, 8)],
        ["matmul", () => backend.matmul(id, id, out, { m: 2, n: 2, k: 4 })],
      ];
      for (const [name, call] of calls) {
        if (!(await failsAfterDispose(call))) throw new Error(`${name} after dispose() did not throw an error mentioning dispose`);
      }
      // A tensor freed after its backend (or by the finalizer) must not crash the program.
      backend.free(id);
      const { buffers, bytes } = backend.memory();
      if (buffers !== 0 || bytes !== 0) throw new Error(`memory() after dispose() is ${JSON.stringify({ buffers, bytes })}, not zeros`);
    });
  });
}
