import { bytesPerElement } from "@chainrule/tensor";
import { describe } from "vitest";
import type { KernelTest } from "../kernel-test.js";

/** alloc, write (with offset), read, readSync, free and memory accounting, fill, copy. */
export function storageSuite(test: KernelTest): void {
  describe("storage", () => {
    test("alloc gives zeroed storage, also when it reuses freed storage", async ({ backend }) => {
      const first = backend.alloc(33);
      backend.write(first, new Array(33).fill(5));
      backend.free(first);
      for (const size of [33, 13, 1]) {
        const id = backend.alloc(size);
        const got = await backend.read(id);
        backend.free(id);
        const nonzero = Array.from(got.subarray(0, size)).findIndex((v) => v !== 0);
        if (nonzero >= 0) throw new Error(`alloc(${size}): element ${nonzero} is ${got[nonzero]}, not 0`);
      }
    });

    test("read returns the backend's dtype", async ({ backend }) => {
      const id = backend.alloc(7);
      const got = await backend.read(id);
      backend.free(id);
      const want = backend.dtype === "float64" ? Float64Array : Float32Array;
      if (!(got instanceof want)) throw new Error(`read on a ${backend.dtype} backend returned ${got.constructor.name}`);
    });

    test("write at an offset leaves the rest", (h) => {
      const buf = h.input("buf", h.random(13));
      const values = h.random(5);
      h.backend.write(buf.id, values, 4);
      const expected = Float64Array.from(buf.values);
      expected.set(values, 4);
      buf.expect(expected);
    });

    for (const [offset, count] of [[-1, 5], [1.5, 5], [NaN, 5], [9, 5], [Infinity, 0]]) {
      test(`write of ${count} values at offset ${offset} into 13 is a RangeError and changes nothing`, (h) => {
        const buf = h.input("buf", h.random(13), 0);
        h.input("neighbour", h.random(13)); // verify() checks that neither buffer changed
        let error: unknown = null;
        try {
          h.backend.write(buf.id, h.random(count), offset);
        } catch (e) {
          error = e;
        }
        if (!(error instanceof RangeError)) throw new Error(`write at offset ${offset} gave ${String(error)}, not a RangeError`);
      });
    }

    test("readSync, when present, equals read", async (h) => {
      const buf = h.input("buf", h.random(13));
      if (!h.backend.readSync) return;
      const sync = h.backend.readSync(buf.id);
      const async = await h.backend.read(buf.id);
      for (let i = 0; i < 13; i++) if (sync[i] !== async[i]) throw new Error(`readSync[${i}] = ${sync[i]} but read gave ${async[i]}`);
    });

    test("memory counts live buffers and bytes, and free gives them back", ({ backend }) => {
      const before = backend.memory();
      const ids = [backend.alloc(7), backend.alloc(13)];
      const during = backend.memory();
      ids.forEach((id) => backend.free(id));
      const after = backend.memory();
      if (during.buffers !== before.buffers + 2) throw new Error(`2 allocs moved memory().buffers from ${before.buffers} to ${during.buffers}`);
      const minBytes = 20 * bytesPerElement(backend.dtype);
      if (during.bytes - before.bytes < minBytes) throw new Error(`allocating 20 elements added ${during.bytes - before.bytes} bytes, less than ${minBytes}`);
      if (after.buffers !== before.buffers || after.bytes !== before.bytes) {
        throw new Error(`after free memory() is ${JSON.stringify(after)}, not back to ${JSON.stringify(before)}`);
      }
    });

    for (const value of [0, 2.5, -1e30]) {
      test(`fill ${value} over the first 7 of 13 elements`, (h) => {
        const buf = h.input("buf", h.random(13));
        h.backend.fill(buf.id, value, 7);
        const expected = Float64Array.from(buf.values);
        expected.fill(h.round([value])[0], 0, 7);
        buf.expect(expected);
      });
    }

    test("copy the first 7 of 13 elements", (h) => {
      const src = h.input("src", h.random(13));
      const dst = h.input("dst", h.random(13));
      h.backend.copy(src.id, dst.id, 7);
      const expected = Float64Array.from(dst.values);
      expected.set(src.values.subarray(0, 7));
      dst.expect(expected);
    });

    test("copy 5 elements from offset 3 of 13 to offset 6 of 11", (h) => {
      const src = h.input("src", h.random(13));
      const dst = h.input("dst", h.random(11));
      h.backend.copy(src.id, dst.id, 5, 3, 6);
      const expected = Float64Array.from(dst.values);
      expected.set(src.values.subarray(3, 8), 6);
      dst.expect(expected);
    });
  });
}
