import { describe, expect, it } from "vitest";
import { LinearAllocator, sizeClass } from "./linear-allocator.js";

describe("sizeClass", () => {
  it("rounds up to 16-byte steps, then to quarter powers of two, wasting at most 25%", () => {
    expect([0, 1, 16, 17, 256, 257, 320, 321, 1000].map(sizeClass)).toEqual([16, 16, 16, 32, 256, 320, 320, 384, 1024]);
    for (let b = 1; b < 1 << 20; b = Math.ceil(b * 1.37)) {
      const c = sizeClass(b);
      expect(c).toBeGreaterThanOrEqual(b);
      expect(c % 16).toBe(0);
      if (b > 256) expect(c).toBeLessThanOrEqual(1.25 * b + 16);
    }
  });
});

describe("LinearAllocator", () => {
  it("hands out aligned, disjoint blocks and reuses a freed block for a request of its class", () => {
    const heap = new LinearAllocator(new WebAssembly.Memory({ initial: 1 }), 100);
    const a = heap.alloc(40), b = heap.alloc(40);
    expect(a % 16).toBe(0);
    expect(a).toBeGreaterThanOrEqual(100);
    expect(b).toBeGreaterThanOrEqual(a + 40);
    heap.free(a, 40);
    expect(heap.alloc(33)).toBe(a); // same 48-byte class
    expect(heap.alloc(40)).not.toBe(a);
  });

  it("grows the memory and gives fresh views over the grown buffer", () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const heap = new LinearAllocator(memory, 0);
    const small = heap.alloc(64);
    heap.f32[small / 4] = 3.5;
    const stale = heap.f32;
    const big = heap.alloc(200_000); // past the first 64 KiB page
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(big + 200_000);
    expect(stale.length).toBe(0); // the old view was detached by the growth
    heap.f32[big / 4 + 49_999] = 1.25;
    expect(heap.f32[small / 4]).toBe(3.5);
    expect(new Float32Array(memory.buffer)[big / 4 + 49_999]).toBe(1.25);
  });
});
