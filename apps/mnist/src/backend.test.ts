import { JsBackend, matmul, setBackend, tensor } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { selectBackend } from "./backend.js";

describe("selectBackend", () => {
  it("says that the JS backend is single-threaded when more threads are asked for", async () => {
    const s = await selectBackend("js", 4);
    expect(s.backend.name).toBe("js");
    expect(s.threads).toBe(1);
    expect(s.note).toMatch(/js backend is single-threaded; --threads 4 is ignored/);
    expect((await selectBackend("js", 1)).note).toBeNull();
  });

  it("runs WebGPU on the machine's adapter, named in the label, and says that --threads does not apply to it", async () => {
    const s = await selectBackend("webgpu", 2);
    try {
      expect([s.backend.name, s.threads]).toEqual(["webgpu", 1]);
      expect(s.backend.label).toMatch(/^webgpu, \S/);
      expect(s.note).toBe("note: the webgpu backend computes on the GPU; --threads 2 is ignored (it sets the wasm backend's threads)");
    } finally {
      s.backend.dispose();
    }
  });

  it("gives the WASM backend the threads asked for, reports what it got, and computes what JS computes", async () => {
    const s = await selectBackend("wasm", 2);
    // Node has SharedArrayBuffer and worker threads, so the pool starts.
    expect(s.threads).toBe(2);
    expect(s.note).toBeNull();
    // selectBackend turns on Node 20's relaxed-SIMD flag, so the kernels fuse multiply-adds
    expect(s.backend.label).toBe("wasm, fma, 2 threads");
    // Large enough to be split over the threads.
    const a = Float32Array.from({ length: 128 * 96 }, (_, i) => Math.sin(i));
    const b = Float32Array.from({ length: 96 * 80 }, (_, i) => Math.cos(i));
    setBackend(s.backend);
    const got = matmul(tensor(a, [128, 96]), tensor(b, [96, 80])).dataSync();
    setBackend(new JsBackend());
    const want = matmul(tensor(a, [128, 96]), tensor(b, [96, 80])).dataSync();
    for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 3);
  });
});
