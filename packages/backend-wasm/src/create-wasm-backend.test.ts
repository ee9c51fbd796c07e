// Thread counts: clamped to the machine, refused when not a count, and a fallback to one thread
// that says why in `threadsFallbackReason` and the label instead of swallowing the setup error.
import { availableParallelism } from "node:os";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createWasmBackend } from "./create-wasm-backend.js";
import { hardwareThreads } from "./thread-count.js";

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("hardwareThreads", () => {
  it("is the machine's in Node (navigator.hardwareConcurrency from Node 21, node:os before)", async () => {
    expect(await hardwareThreads()).toBe(availableParallelism());
  });
});

describe("createWasmBackend threads", () => {
  beforeEach(() => {
    vi.stubGlobal("navigator", { hardwareConcurrency: 2 }); // the same 2-thread machine wherever the tests run
  });

  it("clamps a thread count above the machine's to the machine's and says so in the label", async () => {
    const be = await createWasmBackend({ threads: 1000 });
    expect(be.threads).toBe(2);
    expect(be.label).toBe("wasm, fma, 2 threads (asked for 1000; this machine has 2)");
    expect(be.threadsFallbackReason).toBeNull();
    be.dispose();
  });

  it("labels what runs: kernels and threads", async () => {
    const one = await createWasmBackend({ fma: false });
    expect(one.label).toBe("wasm, no fma, 1 thread");
    const two = await createWasmBackend({ threads: 2 });
    expect(two.label).toBe("wasm, fma, 2 threads");
    [one, two].forEach((be) => be.dispose());
  });

  it.each([0, -1, 1.5, NaN, Infinity])("refuses threads: %s with a RangeError naming the value", async (threads) => {
    await expect(createWasmBackend({ threads })).rejects.toThrow(RangeError);
    await expect(createWasmBackend({ threads })).rejects.toThrow(new RegExp(`threads must be an integer ≥ 1 .*got ${threads}`));
  });

  it.each([0, -4, NaN, Infinity])("refuses initialMemoryMiB: %s with a RangeError naming the value", async (initialMemoryMiB) => {
    await expect(createWasmBackend({ initialMemoryMiB })).rejects.toThrow(new RegExp(`initialMemoryMiB must be a positive number of MiB.*got ${initialMemoryMiB}`));
  });

  describe("falls back to one thread and says why", () => {
    const g = globalThis as { crossOriginIsolated?: boolean; SharedArrayBuffer?: unknown };

    it("in a page that is not cross-origin isolated", async () => {
      g.crossOriginIsolated = false;
      try {
        const be = await createWasmBackend({ threads: 2 });
        expect(be.threads).toBe(1);
        expect(be.threadsFallbackReason).toMatch(/not cross-origin isolated.*Cross-Origin-Opener-Policy/);
        expect(be.label).toBe(`wasm, fma, 1 thread (2 threads could not start: ${be.threadsFallbackReason})`);
      } finally {
        delete g.crossOriginIsolated;
      }
    });

    it("where SharedArrayBuffer is missing", async () => {
      const saved = g.SharedArrayBuffer;
      g.SharedArrayBuffer = undefined;
      try {
        const be = await createWasmBackend({ threads: 2 });
        expect(be.threads).toBe(1);
        expect(be.threadsFallbackReason).toMatch(/SharedArrayBuffer is unavailable/);
        expect(be.label).toContain("1 thread (2 threads could not start: SharedArrayBuffer is unavailable");
      } finally {
        g.SharedArrayBuffer = saved;
      }
    });

    it("when setting up the shared memory fails: the error's own message, not silence", async () => {
      const Memory = WebAssembly.Memory;
      vi.spyOn(WebAssembly, "Memory").mockImplementation(function (d: WebAssembly.MemoryDescriptor) {
        if (d.shared) throw new RangeError("could not allocate memory (test)");
        return new Memory(d);
      } as never);
      const be = await createWasmBackend({ threads: 2 });
      expect(be.threads).toBe(1);
      expect(be.threadsFallbackReason).toBe("setting up the threads failed: RangeError: could not allocate memory (test)");
      // and the one-thread backend works
      const [a, out] = [be.alloc(2), be.alloc(1)];
      be.write(a, [3, 4]);
      be.matmul(a, a, out, { m: 1, n: 1, k: 2 });
      expect(be.readSync(out)[0]).toBe(25);
    });
  });
});
