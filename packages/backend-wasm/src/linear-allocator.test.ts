import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LinearAllocator } from "./linear-allocator.js";

const PAGE = 65536;
const MiB = 1 << 20;

/** An allocator over a fresh memory of `initial` pages, at most `maximum`, with the heap starting at `base`. */
function heapOf(initial: number, maximum?: number, base = 0): LinearAllocator {
  return new LinearAllocator(new WebAssembly.Memory(maximum === undefined ? { initial } : { initial, maximum }), base);
}

describe("LinearAllocator", () => {
  it("hands out aligned, disjoint blocks, and the same address again for a block freed and asked for again", () => {
    const heap = heapOf(1, undefined, 100);
    const a = heap.alloc(40), b = heap.alloc(40);
    expect(a % 16).toBe(0);
    expect(a).toBeGreaterThanOrEqual(100);
    expect(b).toBeGreaterThanOrEqual(a + 40);
    heap.free(a);
    expect(heap.alloc(40)).toBe(a);
  });

  it("serves a large block from the space of freed smaller ones (16 MiB blocks up to a 100 MiB maximum, then 40 MiB)", () => {
    const heap = heapOf(1, (100 * MiB) / PAGE);
    const blocks: number[] = [];
    expect(() => {
      for (;;) blocks.push(heap.alloc(16 * MiB));
    }).toThrow(/out of memory/);
    expect(blocks.length).toBe(6);
    for (const i of [3, 0, 5, 1, 4, 2]) heap.free(blocks[i]);
    expect(heap.alloc(40 * MiB)).toBe(blocks[0]);
    expect(heap.alloc(50 * MiB)).toBe(blocks[0] + 40 * MiB);
  });

  it("merges a freed block with free neighbours on both sides, in any order of freeing", () => {
    const sizes = [48, 1000, 16, 4096];
    const orders = permutations([0, 1, 2, 3]);
    for (const order of orders) {
      const heap = heapOf(1);
      const blocks = sizes.map((s) => heap.alloc(s));
      const guard = heap.alloc(16); // keeps the freed run from simply lowering the top of the heap
      order.forEach((i) => heap.free(blocks[i]));
      expect(heap.alloc(48 + 1008 + 16 + 4096), `freed in order ${order}`).toBe(blocks[0]);
      expect(guard).toBe(blocks[0] + 48 + 1008 + 16 + 4096);
    }
  });

  it("splits a larger free block and keeps the rest free", () => {
    const heap = heapOf(1);
    const big = heap.alloc(4096);
    heap.alloc(16); // guard
    heap.free(big);
    const capacity = heap.capacity;
    expect(heap.alloc(100)).toBe(big); // 112 bytes
    expect(heap.alloc(200)).toBe(big + 112); // 208 bytes
    expect(heap.alloc(4096 - 112 - 208)).toBe(big + 320);
    expect(heap.capacity).toBe(capacity);
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

  it("grows by just what is missing when growing by half again would pass the maximum", () => {
    const heap = heapOf(100, 120);
    heap.alloc(100 * PAGE); // the whole initial memory
    expect(heap.alloc(16 * PAGE)).toBe(100 * PAGE); // half again would be 150 pages
    expect(heap.capacity).toBe(116 * PAGE);
  });

  it("says how much was asked for, live, free and reserved when memory runs out", () => {
    const heap = heapOf(1, 4);
    const [a] = [heap.alloc(PAGE), heap.alloc(PAGE), heap.alloc(PAGE)];
    heap.free(a);
    expect(() => heap.alloc(2 * PAGE)).toThrow(
      new RangeError(
        "wasm backend: out of memory allocating 131072 bytes: 131072 bytes live, 65536 free (largest free block 65536 bytes) " +
          "in 196608 bytes of linear memory, which cannot grow by the 2 pages needed",
      ),
    );
  });

  it("refuses a free of an address it did not hand out, or freed already", () => {
    const heap = heapOf(1);
    const a = heap.alloc(64);
    heap.free(a);
    expect(() => heap.free(a)).toThrow(/free of address \d+, which is not a live block/);
    expect(() => heap.free(a + 16)).toThrow(/not a live block/);
  });

  it("keeps live blocks aligned, inside the memory and disjoint under any sequence of allocs and frees, and gets all the space back", () => {
    const op = fc.oneof(
      fc.record({ alloc: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 70_000 })) }),
      fc.record({ free: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), fc.integer({ min: 0, max: 2000 }), (ops, base) => {
        const heap = heapOf(1, undefined, base);
        const live = new Map<number, number>(); // address → bytes asked for
        for (const o of ops) {
          if ("alloc" in o) {
            const p = heap.alloc(o.alloc);
            expect(p % 16).toBe(0);
            expect(p).toBeGreaterThanOrEqual(base);
            expect(p + o.alloc).toBeLessThanOrEqual(heap.capacity);
            for (const [q, n] of live) expect(p + Math.max(o.alloc, 1) <= q || q + Math.max(n, 1) <= p, `${p}+${o.alloc} overlaps ${q}+${n}`).toBe(true);
            live.set(p, o.alloc);
          } else if (live.size > 0) {
            const p = [...live.keys()][o.free % live.size];
            heap.free(p);
            live.delete(p);
          }
        }
        const capacity = heap.capacity;
        for (const p of live.keys()) heap.free(p);
        // every byte past the base is free again, in one piece: the whole of it fits without growing
        const start = Math.ceil(base / 16) * 16;
        expect(heap.alloc(capacity - start)).toBe(start);
        expect(heap.capacity).toBe(capacity);
      }),
      { numRuns: 300 },
    );
  });
});

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}
