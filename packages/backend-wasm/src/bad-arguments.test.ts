// Offsets, sizes, indices and geometry fields reach the kernels as raw addresses and loop bounds:
// WebAssembly truncates 1.5 to 1 and NaN to 0, and a negative offset or index addresses the tensor
// allocated before. Each must be refused with a RangeError before anything is written, and the
// tensors around the target must keep their values.
import { conv2dGeometry, pool2dGeometry, type DataId } from "@chainrule/tensor";
import { beforeAll, describe, expect, it } from "vitest";
import { createWasmBackend } from "./create-wasm-backend.js";
import type { WasmBackend } from "./wasm-backend.js";

let be: WasmBackend;
beforeAll(async () => {
  be = await createWasmBackend();
});

/** Three adjacent tensors of 8 holding 1..8, 11..18, 21..28; `fn` gets the middle one and must throw. */
function expectRefusedUntouched(fn: (id: DataId) => void, message: RegExp): void {
  const ids = [0, 1, 2].map((t) => {
    const id = be.alloc(8);
    be.write(id, Array.from({ length: 8 }, (_, i) => 10 * t + i + 1));
    return id;
  });
  expect(() => fn(ids[1])).toThrow(RangeError);
  expect(() => fn(ids[1])).toThrow(message);
  ids.forEach((id, t) => expect(Array.from(be.readSync(id))).toEqual(Array.from({ length: 8 }, (_, i) => 10 * t + i + 1)));
  ids.forEach((id) => be.free(id));
}

describe("write", () => {
  it.each([-1, -8, 1.5, NaN, Infinity, -Infinity, 6])("refuses 3 values at offset %s of storage holding 8, naming write, the offset and the size", (offset) => {
    expectRefusedUntouched((id) => be.write(id, [7, 7, 7], offset), new RegExp(`write: .*3 values at offset ${offset} .*storage of 8`));
  });

  it("still writes at every offset that fits, the last one included", () => {
    const id = be.alloc(4);
    be.write(id, [5, 6], 2);
    be.write(id, [], 4);
    expect(Array.from(be.readSync(id))).toEqual([0, 0, 5, 6]);
  });
});

describe("sizes and indices", () => {
  const bad = [-1, 2.5, NaN, Infinity];
  const cases: [string, (id: DataId, v: number) => void][] = [
    ["fill", (id, v) => be.fill(id, 9, v)],
    ["copy", (id, v) => be.copy(id, id, v)],
    ["unary", (id, v) => be.unary("neg", id, id, v)],
    ["binaryScalar", (id, v) => be.binaryScalar("add", id, 1, id, v)],
    ["activation", (id, v) => be.activation("relu", id, id, v)],
    ["softmax", (id, v) => be.softmax(id, id, v, 2)],
    ["matmul", (id, v) => be.matmul(id, id, id, { m: v, n: 2, k: 2 })],
    ["sgdUpdate", (id, v) => be.sgdUpdate(id, id, null, v, { lr: 1, momentum: 0, nesterov: false, weightDecay: 0 })],
    ["meanSquaredError", (id, v) => be.meanSquaredError(id, id, id, null, v)],
    ["sumSquares", (id, v) => be.sumSquares(id, 4, id, v)], // index -1 used to write the neighbour's last value
    ["binary", (id, v) => be.binary("add", id, [v, 2], id, [2], id, [v, 2])],
    ["reduce", (id, v) => be.reduce("sum", id, [2, v], [1], id)],
    ["argmax", (id, v) => be.argmax(id, [2, 4], v, id)],
  ];
  for (const [op, call] of cases) {
    it.each(bad)(`${op} refuses %s, naming the kernel and the value`, (v) => {
      expectRefusedUntouched((id) => call(id, v), new RegExp(`wasm backend ${op}: .*${v}`));
    });
  }

  it("fill and copy refuse a size past the storage, naming the kernel, the size and the storage size", () => {
    expectRefusedUntouched((id) => be.fill(id, 9, 9), /fill: out holds 8 elements but 9 are needed/);
    expectRefusedUntouched((id) => be.copy(id, id, 9), /copy: src holds 8 elements but 9 are needed/);
  });

  it("argmax and reduce refuse axes outside the shape", () => {
    expectRefusedUntouched((id) => be.argmax(id, [2, 4], 2, id), /argmax: axis 2 is outside a shape of rank 2/);
    expectRefusedUntouched((id) => be.reduce("sum", id, [2, 4], [-1], id), /reduce: axis -1 is outside a shape of rank 2/);
  });
});

describe("geometry", () => {
  const conv = conv2dGeometry([1, 2, 2, 1], [1, 1, 1, 2]);
  const pool = pool2dGeometry([1, 2, 2, 2], 1);
  it.each([
    ["strideH", 0], ["padTop", -1], ["inH", 1.5], ["outC", NaN], ["kW", -2],
  ] as const)("conv2d refuses %s = %s", (field, v) => {
    expectRefusedUntouched((id) => be.conv2d(id, id, null, id, { ...conv, [field]: v }), new RegExp(`conv2d: ${field} .*${v}`));
  });

  it.each([["strideW", 0], ["padLeft", -1], ["channels", 0.5], ["batch", NaN]] as const)("maxPool refuses %s = %s", (field, v) => {
    expectRefusedUntouched((id) => be.maxPool(id, id, { ...pool, [field]: v }), new RegExp(`maxPool: ${field} .*${v}`));
  });
});
