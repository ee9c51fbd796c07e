import { describe, expect, it } from "vitest";
import { BufferPool, sizeClass } from "./buffer-pool.js";

describe("sizeClass", () => {
  it("rounds to multiples of 16 up to 256 bytes, then to 2^e·{1, 1.25, 1.5, 1.75}", () => {
    expect([0, 4, 16, 17, 250, 256].map(sizeClass)).toEqual([16, 16, 16, 32, 256, 256]);
    expect([257, 320, 321, 400, 448, 449, 511, 512, 513].map(sizeClass)).toEqual([320, 320, 384, 448, 448, 512, 512, 512, 640]);
    expect(sizeClass(2 ** 30 - 4)).toBe(2 ** 30);
    expect(sizeClass(2 ** 30 + 4)).toBe(1.25 * 2 ** 30);
  });

  it("wastes at most a quarter and never gives less than asked", () => {
    for (let bytes = 1; bytes < 1 << 20; bytes = Math.ceil(bytes * 1.07) + 3) {
      const size = sizeClass(bytes);
      expect(size).toBeGreaterThanOrEqual(bytes);
      expect(size % 16).toBe(0);
      if (bytes > 256) expect(size).toBeLessThanOrEqual(1.25 * bytes);
    }
  });
});

describe("BufferPool", () => {
  it("gives back a returned buffer for a request of its class, and makes one otherwise", () => {
    let made = 0;
    const pool = new BufferPool((size) => ({ size, id: made++, destroy() {} }) as unknown as GPUBuffer);
    const a = pool.take(400);
    expect(a.fresh).toBe(true);
    expect(a.buffer.size).toBe(448);
    pool.give(a.buffer);
    expect(pool.take(420)).toEqual({ buffer: a.buffer, fresh: false });
    expect(pool.take(420).fresh).toBe(true); // the first is still in use
    expect(pool.take(100).buffer.size).toBe(112);
    expect({ buffers: pool.buffers, bytes: pool.bytes }).toEqual({ buffers: 3, bytes: 448 + 448 + 112 });
  });
});
