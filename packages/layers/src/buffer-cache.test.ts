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
});
