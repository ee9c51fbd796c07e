// The JS backend's kernels are checked against float64 references by the conformance suite
// (packages/backend-conformance/src/js-backend.test.ts; it cannot run from here without a cycle in
// the build graph). These tests cover what the suite leaves to each backend: its errors.
import { describe, expect, it } from "vitest";
import { JsBackend } from "./js-backend.js";

describe("JsBackend errors", () => {
  it("refuses freed storage and storage of another dtype", () => {
    const f32 = new JsBackend();
    const id = f32.alloc(3);
    f32.free(id);
    f32.free(id); // a second free is a no-op, not a double count
    expect(f32.memory()).toEqual({ buffers: 0, bytes: 0 });
    expect(() => f32.readSync(id)).toThrowError("js backend: use of freed storage (a disposed tensor?)");
    const f64 = new JsBackend({ dtype: "float64" });
    expect(() => f64.fill(f32.alloc(2), 1, 2)).toThrowError("js-f64 backend: storage belongs to another backend");
  });

  it("names sizes when a write overflows", () => {
    const b = new JsBackend();
    expect(() => b.write(b.alloc(4), [1, 2, 3], 2)).toThrowError("js backend: writing 3 values at 2 overflows storage of 4");
  });

  it("asks for a velocity buffer when SGD has momentum", () => {
    const b = new JsBackend();
    const p = b.alloc(2), g = b.alloc(2);
    expect(() => b.sgdUpdate(p, g, null, 2, { lr: 0.1, momentum: 0.9, nesterov: false, weightDecay: 0 })).toThrowError(
      "js backend: sgdUpdate with momentum 0.9 needs a velocity buffer",
    );
  });
});
