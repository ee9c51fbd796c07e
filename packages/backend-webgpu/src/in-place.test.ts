// The in-place rule on a GPU: an input that is also the output is bound once (a shader variant
// reads it through the output's binding), which the rule allows for elementwise kernels and
// which gives what the same call gives out of place; any other alias is an error naming the rule,
// where WebGPU would otherwise reject the dispatch and lose every later result.
import { conv2dGeometry, type DataId } from "@chainrule/tensor";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebGpuBackend, type WebGpuBackend } from "./create-webgpu-backend.js";

describe("in place", () => {
  let gpu: WebGpuBackend;
  beforeAll(async () => {
    gpu = await createWebGpuBackend();
  });
  afterAll(() => gpu.dispose());

  const buffer = (values: number[]): DataId => {
    const id = gpu.alloc(values.length);
    gpu.write(id, values);
    return id;
  };
  const a5 = [0.5, -1, 2, 3.5, -4];
  const b15 = Array.from({ length: 15 }, (_, i) => i / 4 - 2);

  /** The output of `call` with a separate output, then with `shared` as the output too. */
  async function apartAndInPlace(values: number[], call: (shared: DataId, out: DataId) => void): Promise<[ArrayLike<number>, ArrayLike<number>]> {
    const apart = gpu.alloc(values.length);
    call(buffer(values), apart);
    const shared = buffer(values);
    call(shared, shared);
    return [await gpu.read(apart), await gpu.read(shared)];
  }

  it("binary out = b (a broadcast), out = a = b, binaryScalar, unary, activation and its backward give what they give apart", async () => {
    const a = buffer(a5);
    const cases: [string, number[], (shared: DataId, out: DataId) => void][] = [
      ["a − b, out = b", b15, (b, out) => gpu.binary("sub", a, [5], b, [3, 5], out, [3, 5])],
      ["x·x, out = a = b", b15, (x, out) => gpu.binary("mul", x, [15], x, [15], out, [15])],
      ["2^x, out = a (scalar first)", b15, (x, out) => gpu.binaryScalar("pow", x, 2, out, 15, true)],
      ["log x, out = x", b15, (x, out) => gpu.unary("log", x, out, 15)],
      ["tanh x, y = x", b15, (x, y) => gpu.activation("tanh", x, y, 15)],
      ["leakyRelu', dx = dy", b15, (dy, dx) => gpu.activationBackward("leakyRelu", buffer(b15.map((v) => -v)), dy, dx, 15, 0.3)],
    ];
    for (const [label, values, call] of cases) {
      const [apart, inPlace] = await apartAndInPlace(values, call);
      expect(Array.from(inPlace), label).toEqual(Array.from(apart));
    }
  });

  it("refuses an alias the rule forbids, naming both arguments and the rule, and keeps working", async () => {
    const x = buffer(Array.from({ length: 32 }, (_, i) => i));
    const w = buffer(Array.from({ length: 36 }, () => 1));
    const rule = /the in-place rule of Backend/;
    expect(() => gpu.conv2d(x, w, null, x, conv2dGeometry([1, 4, 4, 2], [3, 3, 2, 2], { padding: "same" }))).toThrow(/conv2d: x and y are the same storage/);
    expect(() => gpu.matmul(x, w, x, { m: 4, n: 4, k: 4 })).toThrow(rule);
    expect(() => gpu.adamUpdate(x, buffer([1, 2, 3, 4, 5, 6, 7, 8]), w, w, 8, { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, step: 1 })).toThrow(
      /adamUpdate: m and v are the same storage/,
    );
    gpu.unary("neg", x, x, 32);
    expect((await gpu.read(x))[5]).toBe(-5);
  });
});
