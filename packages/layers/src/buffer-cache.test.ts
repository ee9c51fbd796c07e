import { getBackend, JsBackend, memory, tensor, tidy } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { BufferCache } from "./buffer-cache.js";

describe("BufferCache", () => {
  it("returns the same tensor while shape and backend hold, and replaces it (disposing the old) when they change", () => {
    const cache = new BufferCache();
    const b = getBackend();
    const a = cache.get("y", [2, 3], b);
    expect(cache.get("y", [2, 3], b)).toBe(a);
    const c = cache.get("y", [4, 3], b);
    expect(c.shape).toEqual([4, 3]);
    expect(a.isDisposed).toBe(true);
    const f64 = new JsBackend({ dtype: "float64" });
    expect(cache.get("y", [4, 3], f64).dtype).toBe("float64");
    expect(c.isDisposed).toBe(true);
    cache.dispose();
  });

  it("keeps its tensors alive through tidy and frees them all on dispose", () => {
    const before = memory().js?.tensors ?? 0;
    const cache = new BufferCache();
    const src = tensor([1, 2, 3, 4, 5, 6], [6]);
    const y = tidy(() => cache.get("y", [3], getBackend()));
    const v = tidy(() => cache.view("v", src, [2, 3]));
    expect(y.isDisposed).toBe(false);
    expect(cache.view("v", src, [2, 3])).toBe(v);
    expect(Array.from(v.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    cache.dispose();
    src.dispose();
    expect(memory().js.tensors).toBe(before);
  });

  it("marks what it hands out as owned, so a caller's dispose() names the owner and the role instead of breaking it", () => {
    let name = "unnamed";
    const cache = new BufferCache(() => `layer '${name}'`);
    name = "fc1"; // read when a tensor is made, as a layer gets its name only when Sequential names it
    const b = getBackend();
    const y = cache.get("y", [2], b);
    const dx = cache.get("dx", [2], b);
    const scratch = cache.get("mean", [2], b);
    const v = cache.view("y2", y, [1, 2]);
    expect(() => y.dispose()).toThrow("Tensor([2], float32, js): this tensor is owned by layer 'fc1' (its forward output, reused by the next call): copy it with .clone() to keep it");
    expect(dx.owner).toBe("layer 'fc1' (its input gradient, reused by the next call)");
    expect(scratch.owner).toBe("layer 'fc1' (its 'mean' buffer, reused by the next call)");
    expect(() => v.dispose()).toThrow(/owned by layer 'fc1' \(its 'y2' buffer/);
    const plain = new BufferCache();
    expect(plain.get("constructor", [1], b).owner).toBe("a buffer cache (its 'constructor' buffer, reused by the next call)");
    plain.dispose();
    // The cache itself still frees them: on replacement and on dispose.
    const y4 = cache.get("y", [4], b);
    expect(y.isDisposed).toBe(true);
    cache.dispose();
    expect([y4, dx, scratch, v].every((t) => t.isDisposed)).toBe(true);
  });
});
