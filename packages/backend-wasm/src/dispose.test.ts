// dispose() ends a backend: its workers stop, it lets go of its memory, every later call says it was
// disposed, and a Node process that used threads exits by itself right after.
import { spawn } from "node:child_process";
import type { Worker } from "node:worker_threads";
import { describe, expect, it, vi } from "vitest";
import { createWasmBackend } from "./create-wasm-backend.js";
import { LinearAllocator } from "./linear-allocator.js";
import { ThreadPool } from "./thread-pool.js";

describe("dispose", () => {
  it("terminates the workers, keeps no memory, refuses every later call; freeing tensors and disposing again stay harmless", async () => {
    const be = await createWasmBackend({ threads: 2 });
    const workers = (be as unknown as { pool: { workers: Worker[] } }).pool.workers;
    expect(workers.length).toBe(1);
    const [a, out] = [be.alloc(64 * 64), be.alloc(64 * 64)];
    be.dispose();
    await vi.waitFor(() => expect(workers.every((w) => w.threadId === -1)).toBe(true)); // -1: the thread has exited
    const held = Object.values(be).filter((v) => v instanceof LinearAllocator || v instanceof ThreadPool || v instanceof WebAssembly.Memory);
    expect(held).toEqual([]);
    const used = /wasm backend: used after dispose\(\)/;
    expect(() => be.alloc(4)).toThrow(used);
    expect(() => be.write(a, [1])).toThrow(used);
    expect(() => be.readSync(a)).toThrow(used);
    await expect(be.read(a)).rejects.toThrow(used);
    expect(() => be.matmul(a, a, out, { m: 64, n: 64, k: 64 })).toThrow(used);
    expect(() => be.linearMemoryBytes()).toThrow(used);
    expect(be.memory()).toEqual({ buffers: 0, bytes: 0 });
    be.free(a); // a tensor disposed after its backend (or by the finalizer)
    be.dispose();
  });

  it("lets a Node process that ran a threaded matmul exit by itself right after", async () => {
    const hooks = new URL("../scripts/ts-source-hooks.mjs", import.meta.url).href;
    const entry = new URL("./index.ts", import.meta.url).href;
    const script = `
      import { register } from "node:module";
      register(${JSON.stringify(hooks)});
      const { createWasmBackend } = await import(${JSON.stringify(entry)});
      const be = await createWasmBackend({ threads: 2 });
      if (be.threads !== 2) throw new Error("no second thread: " + be.label);
      const [a, out] = [be.alloc(64 * 64), be.alloc(64 * 64)];
      be.write(a, new Float32Array(64 * 64).fill(1));
      be.matmul(a, a, out, { m: 64, n: 64, k: 64 });
      if (!be.readSync(out).every((v) => v === 64)) throw new Error("wrong product");
      be.dispose();
      console.log("disposed", Date.now());
    `;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    const exitedAt = Date.now();
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const disposedAt = Number(/disposed (\d+)/.exec(stdout)?.[1]);
    expect(exitedAt - disposedAt).toBeLessThan(3_000);
  }, 60_000);
});
