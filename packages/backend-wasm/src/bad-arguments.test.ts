// Offsets, sizes, indices and geometry reach the kernels as raw addresses and loop bounds:
// WebAssembly truncates 1.5 to 1 and NaN to 0, and a negative offset or index addresses the tensor
// allocated before. The checks live once in @chainrule/tensor's KERNEL_CONTRACTS (tested there);
// here, every kernel of the WASM backend must run its check before it touches memory, and a
// refused call must leave the tensors around its target untouched.
import { conv2dGeometry, KERNEL_CONTRACTS, pool2dGeometry, type DataId, type KernelName } from "@chainrule/tensor";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createWasmBackend } from "./create-wasm-backend.js";
import type { WasmBackend } from "./wasm-backend.js";

let be: WasmBackend;
beforeAll(async () => {
  be = await createWasmBackend();
});

describe("every kernel runs its KERNEL_CONTRACTS check first", () => {
  // free, memory and dispose check nothing (free must never throw)
  const checked = (Object.keys(KERNEL_CONTRACTS) as KernelName[]).filter((k) => !["free", "memory", "dispose"].includes(k));
  it.each(checked)("%s", async (kernel) => {
    const refusal = new RangeError(`the ${kernel} check ran`);
    const check = vi.spyOn(KERNEL_CONTRACTS[kernel], "check").mockImplementation(() => {
      throw refusal;
    });
    try {
      // no arguments at all: anything the kernel did before its check would fail differently
      const call = be[kernel] as () => unknown;
      await expect(Promise.resolve().then(() => call.call(be))).rejects.toBe(refusal);
    } finally {
      check.mockRestore();
    }
  });
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

describe("refused calls leave memory untouched", () => {
  it.each([-1, -8, 1.5, NaN, 6])("write of 3 values at offset %s of storage holding 8", (offset) => {
    expectRefusedUntouched((id) => be.write(id, [7, 7, 7], offset), new RegExp(`wasm backend write: .*3 values at offset ${offset} .*storage of 8`));
  });

  it("write still writes at every offset that fits, the last one included", () => {
    const id = be.alloc(4);
    be.write(id, [5, 6], 2);
    be.write(id, [], 4);
    expect(Array.from(be.readSync(id))).toEqual([0, 0, 5, 6]);
  });

  // one bad value per kernel family, in turn: a negative index used to write the neighbour's last value
  const bad = [-1, 2.5, NaN, Infinity];
  const cases: [string, (id: DataId, v: number) => void][] = [
    ["fill", (id, v) => be.fill(id, 9, v)],
    ["unary", (id, v) => be.unary("neg", id, id, v)],
    ["softmax", (id, v) => be.softmax(id, id, v, 2)],
    ["matmul", (id, v) => be.matmul(id, id, id, { m: v, n: 2, k: 2 })],
    ["sgdUpdate", (id, v) => be.sgdUpdate(id, id, null, v, { lr: 1, momentum: 0, nesterov: false, weightDecay: 0 })],
    ["meanSquaredError", (id, v) => be.meanSquaredError(id, id, id, null, v)],
    ["sumSquares", (id, v) => be.sumSquares(id, 4, id, v)],
    ["binary", (id, v) => be.binary("add", id, [v, 2], id, [2], id, [v, 2])],
    ["reduce", (id, v) => be.reduce("sum", id, [2, v], [1], id)],
    ["argmax", (id, v) => be.argmax(id, [2, 4], v, id)],
    ["batchNormInfer", (id, v) => be.batchNormInfer(id, id, id, id, id, id, { rows: 2, cols: v, eps: 1e-5 })],
  ];
  cases.forEach(([op, call], i) => {
    const v = bad[i % bad.length];
    it(`${op} refuses ${v}`, () => expectRefusedUntouched((id) => call(id, v), new RegExp(`wasm backend ${op}: .*${v}`)));
  });

  it("fill and copy refuse a size past the storage", () => {
    expectRefusedUntouched((id) => be.fill(id, 9, 9), /fill: out holds 8 elements but 9 are needed/);
    expectRefusedUntouched((id) => be.copy(id, be.alloc(16), 9), /copy: src holds 8 elements but 9 are needed/);
  });

  it("conv2d and maxPool refuse bad geometry", () => {
    const conv = conv2dGeometry([1, 2, 2, 1], [1, 1, 1, 2]);
    expectRefusedUntouched((id) => be.conv2d(id, id, null, id, { ...conv, padTop: -1 }), /conv2d: padTop .*-1/);
    expectRefusedUntouched((id) => be.conv2d(id, id, null, id, { ...conv, outH: 4 }), /conv2d: outH 4 does not fit inH 2, kH 1, strideH 1, padTop 0: 2 to 3 windows fit/);
    const pool = pool2dGeometry([1, 2, 2, 2], 1);
    expectRefusedUntouched((id) => be.maxPool(id, id, { ...pool, strideW: 0 }), /maxPool: strideW .*0/);
  });
});
