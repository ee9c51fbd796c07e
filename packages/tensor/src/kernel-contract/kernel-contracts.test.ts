// The contract table is tested once here, against a probe that knows only the storage sizes a
// test gave it: each kernel's sample call uses buffers of exactly the size it needs, so the
// checks must pass it, refuse each buffer one element shorter, and refuse every bad value.
// That backends call the table is tested beside each backend.
import { describe, expect, it } from "vitest";
import type { Conv2dGeometry, DataId, Pool2dGeometry } from "../backend.js";
import { conv2dGeometry, pool2dGeometry, type Padding } from "../geometry.js";
import { Rng } from "../random.js";
import type { StorageProbe } from "./argument-checks.js";
import { KERNEL_CONTRACTS } from "./kernel-contracts.js";
import type { KernelArgs, KernelName } from "./kernel-name.js";

type Buf = (name: string, size: number) => DataId;

const CONV: Conv2dGeometry = conv2dGeometry([2, 7, 6, 3], [3, 3, 3, 4], { stride: 2, padding: "same" }); // out 4 x 3, padTop 1
const POOL: Pool2dGeometry = pool2dGeometry([2, 5, 7, 3], 2, { padding: "same" }); // out 3 x 4
const CONV_X = 2 * 7 * 6 * 3, CONV_W = 3 * 3 * 3 * 4, CONV_Y = 2 * 4 * 3 * 4;
const POOL_X = 2 * 5 * 7 * 3, POOL_Y = 2 * 3 * 4 * 3;

/** One valid call of every kernel, every buffer exactly as long as the call needs (named as the contract names it). */
const SAMPLES: { [K in KernelName]: (buf: Buf) => KernelArgs<K> } = {
  alloc: () => [5],
  write: (buf) => [buf("id", 5), [1, 2], 3],
  read: (buf) => [buf("id", 0)],
  readSync: (buf) => [buf("id", 0)],
  free: () => [{}],
  memory: () => [],
  dispose: () => [],
  fill: (buf) => [buf("out", 7), 1, 7],
  copy: (buf) => [buf("src", 7), buf("dst", 7), 7],
  matmul: (buf) => [buf("a", 6), buf("b", 12), buf("out", 8), { m: 2, n: 4, k: 3, bias: buf("p.bias", 4) }],
  binary: (buf) => ["add", buf("a", 6), [2, 1, 3], buf("b", 4), [4, 1], buf("out", 24), [2, 4, 3]],
  binaryScalar: (buf) => ["mul", buf("a", 5), 2, buf("out", 5), 5, true],
  unary: (buf) => ["exp", buf("x", 5), buf("out", 5), 5],
  activation: (buf) => ["relu", buf("x", 5), buf("y", 5), 5, 0.01],
  activationBackward: (buf) => ["relu", buf("y", 5), buf("dy", 5), buf("dx", 5), 5, 0.01],
  reduce: (buf) => ["sum", buf("x", 24), [2, 3, 4], [0, 2], buf("out", 3)],
  argmax: (buf) => [buf("x", 24), [2, 3, 4], 1, buf("out", 8)],
  softmax: (buf) => [buf("x", 6), buf("out", 6), 2, 3],
  logSoftmax: (buf) => [buf("x", 6), buf("out", 6), 2, 3],
  softmaxCrossEntropy: (buf) => [buf("logits", 6), buf("targets", 2), buf("loss", 1), buf("dlogits", 6), { rows: 2, cols: 3, sparse: true, smoothing: 0 }],
  sigmoidCrossEntropy: (buf) => [buf("logits", 5), buf("targets", 5), buf("loss", 1), buf("dlogits", 5), 5],
  meanSquaredError: (buf) => [buf("pred", 5), buf("targets", 5), buf("loss", 1), buf("dpred", 5), 5],
  conv2d: (buf) => [buf("x", CONV_X), buf("w", CONV_W), buf("bias", 4), buf("y", CONV_Y), CONV],
  conv2dBackwardInput: (buf) => [buf("dy", CONV_Y), buf("w", CONV_W), buf("dx", CONV_X), CONV],
  conv2dBackwardFilter: (buf) => [buf("x", CONV_X), buf("dy", CONV_Y), buf("dw", CONV_W), CONV],
  maxPool: (buf) => [buf("x", POOL_X), buf("y", POOL_Y), POOL],
  maxPoolBackward: (buf) => [buf("x", POOL_X), buf("dy", POOL_Y), buf("dx", POOL_X), POOL],
  avgPool: (buf) => [buf("x", POOL_X), buf("y", POOL_Y), POOL],
  avgPoolBackward: (buf) => [buf("dy", POOL_Y), buf("dx", POOL_X), POOL],
  batchNormTrain: (buf) => [
    buf("x", 15), buf("gamma", 3), buf("beta", 3), buf("y", 15), buf("mean", 3), buf("invStd", 3), buf("runMean", 3), buf("runVar", 3),
    { rows: 5, cols: 3, eps: 1e-5, momentum: 0.1 },
  ],
  batchNormInfer: (buf) => [buf("x", 15), buf("gamma", 3), buf("beta", 3), buf("runMean", 3), buf("runVar", 3), buf("y", 15), { rows: 5, cols: 3, eps: 1e-5 }],
  batchNormBackward: (buf) => [
    buf("x", 15), buf("dy", 15), buf("gamma", 3), buf("mean", 3), buf("invStd", 3), buf("dx", 15), buf("dgamma", 3), buf("dbeta", 3),
    { rows: 5, cols: 3, eps: 1e-5 },
  ],
  sgdUpdate: (buf) => [buf("param", 5), buf("grad", 5), buf("velocity", 5), 5, { lr: 0.1, momentum: 0.9, nesterov: false, weightDecay: 0 }],
  adamUpdate: (buf) => [
    buf("param", 5), buf("grad", 5), buf("m", 5), buf("v", 5), 5,
    { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, step: 1 },
  ],
  rmspropUpdate: (buf) => [buf("param", 5), buf("grad", 5), buf("sq", 5), 5, { lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0 }],
  sumSquares: (buf) => [buf("x", 5), 5, buf("out", 3), 2],
  fractionZeros: (buf) => [buf("x", 5), 5, buf("out", 3), 2],
  fractionOutside: (buf) => [buf("x", 5), 5, -1, 1, buf("out", 3), 2],
};

const KERNELS = Object.keys(KERNEL_CONTRACTS) as KernelName[];

/** A kernel's sample call against a probe that knows only the sample's buffers; `sizes` overrides their sizes by name. */
function sample<K extends KernelName>(kernel: K, sizes: Record<string, number> = {}) {
  const known = new Map<DataId, { name: string; size: number }>();
  /** What the check asked about: `argument name=buffer given`. */
  const probed: string[] = [];
  const probe: StorageProbe = {
    name: "test",
    elements(id, k, arg) {
      const b = known.get(id);
      if (!b || k !== kernel) throw new Error(`probe: ${k} asked about ${arg}, which is no buffer of the ${kernel} sample`);
      probed.push(`${arg}=${b.name}`);
      return b.size;
    },
  };
  const args = SAMPLES[kernel]((name, size) => {
    const id = { name };
    known.set(id, { name, size: sizes[name] ?? size });
    return id;
  });
  const needs = Object.fromEntries([...known.values()].map((b) => [b.name, b.size]));
  const check = (changed: KernelArgs<K> = args) => (KERNEL_CONTRACTS[kernel].check as (p: StorageProbe, ...a: KernelArgs<K>) => void)(probe, ...changed);
  return { args, needs, probed, check };
}

/** `args` with one value replaced: argument `at`, or field `field` of it. */
function replaced<A extends readonly unknown[]>(args: A, at: number, value: unknown, field?: string): A {
  const copy = [...args];
  copy[at] = field === undefined ? value : { ...(args[at] as object), [field]: value };
  return copy as unknown as A;
}

describe("KERNEL_CONTRACTS", () => {
  it("names every buffer and in-place pair after an argument, pairing an output with an input", () => {
    for (const kernel of KERNELS) {
      const c = KERNEL_CONTRACTS[kernel];
      for (const name of Object.keys(c.buffers)) expect(c.args, `${kernel} ${name}`).toContain(name.split(".")[0]);
      for (const [out, input] of c.inPlace) {
        expect(c.buffers[out], `${kernel} in place ${out} = ${input}`).toBe("out");
        expect(c.buffers[input], `${kernel} in place ${out} = ${input}`).toBe("in");
      }
    }
  });

  it("states the in-place rule of the Backend interface", () => {
    const inPlace = Object.fromEntries(KERNELS.filter((k) => KERNEL_CONTRACTS[k].inPlace.length > 0).map((k) => [k, KERNEL_CONTRACTS[k].inPlace]));
    expect(inPlace).toEqual({
      binary: [["out", "a"], ["out", "b"]], binaryScalar: [["out", "a"]], unary: [["out", "x"]], activation: [["y", "x"]], activationBackward: [["dx", "dy"]],
    });
    const inOut = KERNELS.flatMap((k) => Object.entries(KERNEL_CONTRACTS[k].buffers).filter(([, r]) => r === "inout").map(([b]) => `${k}.${b}`));
    expect(inOut).toEqual([
      "batchNormTrain.runMean", "batchNormTrain.runVar", "sgdUpdate.param", "sgdUpdate.velocity",
      "adamUpdate.param", "adamUpdate.m", "adamUpdate.v", "rmspropUpdate.param", "rmspropUpdate.sq",
    ]);
  });

  it.each(KERNELS)("%s accepts its sample call and vets exactly the buffers it lists", (kernel) => {
    const s = sample(kernel);
    s.check();
    expect(s.probed.sort()).toEqual(Object.keys(KERNEL_CONTRACTS[kernel].buffers).map((b) => `${b}=${b}`).sort());
  });

  it.each(KERNELS)("%s refuses each buffer one element shorter than the call needs", (kernel) => {
    for (const [name, need] of Object.entries(sample(kernel).needs)) {
      if (need === 0) continue;
      const short = sample(kernel, { [name]: need - 1 });
      const message = kernel === "write" ? /^test backend write: cannot write 2 values at offset 3 into storage of 4 \(the offset must be an integer from 0 to 2\)$/
        : new RegExp(`^test backend ${kernel}: ${name} holds ${need - 1} elements but ${need} are needed$`);
      expect(() => short.check(), `${kernel} ${name}`).toThrow(RangeError);
      expect(() => short.check(), `${kernel} ${name}`).toThrow(message);
    }
  });

  it("accepts an optional buffer left out, and a 0-sized call on empty storage", () => {
    const s = sample("matmul", { a: 0, b: 0, out: 0 });
    s.check([s.args[0], s.args[1], s.args[2], { m: 0, n: 0, k: 0, bias: null }]);
    const loss = sample("meanSquaredError");
    loss.check(replaced(loss.args, 3, null));
  });
});

describe("KERNEL_CONTRACTS refuses bad values, naming the backend, the kernel and the argument", () => {
  /** [kernel, argument index, field of it or undefined, name in the message]: element counts, dimensions and indices. */
  const COUNTS: [KernelName, number, string | undefined, string][] = [
    ["alloc", 0, undefined, "size"], ["fill", 2, undefined, "size"], ["copy", 2, undefined, "size"],
    ["matmul", 3, "m", "m"], ["matmul", 3, "n", "n"], ["matmul", 3, "k", "k"],
    ["binaryScalar", 4, undefined, "size"], ["unary", 3, undefined, "size"], ["activation", 3, undefined, "size"], ["activationBackward", 4, undefined, "size"],
    ["softmax", 2, undefined, "rows"], ["softmax", 3, undefined, "cols"], ["logSoftmax", 2, undefined, "rows"], ["logSoftmax", 3, undefined, "cols"],
    ["softmaxCrossEntropy", 4, "rows", "rows"], ["softmaxCrossEntropy", 4, "cols", "cols"],
    ["sigmoidCrossEntropy", 4, undefined, "size"], ["meanSquaredError", 4, undefined, "size"],
    ["batchNormTrain", 8, "rows", "rows"], ["batchNormTrain", 8, "cols", "cols"], ["batchNormInfer", 6, "rows", "rows"], ["batchNormInfer", 6, "cols", "cols"],
    ["batchNormBackward", 8, "rows", "rows"], ["batchNormBackward", 8, "cols", "cols"],
    ["sgdUpdate", 3, undefined, "size"], ["adamUpdate", 4, undefined, "size"], ["rmspropUpdate", 3, undefined, "size"],
    ["sumSquares", 1, undefined, "size"], ["sumSquares", 3, undefined, "index"], ["fractionZeros", 1, undefined, "size"], ["fractionZeros", 3, undefined, "index"],
    ["fractionOutside", 1, undefined, "size"], ["fractionOutside", 5, undefined, "index"],
    ...(["batch", "inH", "inW", "inC", "outH", "outW", "outC", "padTop", "padLeft"] as const).flatMap((f) => [
      ["conv2d", 4, f, f], ["conv2dBackwardInput", 3, f, f], ["conv2dBackwardFilter", 3, f, f],
    ] as [KernelName, number, string, string][]),
    ...(["batch", "inH", "inW", "channels", "outH", "outW", "padTop", "padLeft"] as const).flatMap((f) => [
      ["maxPool", 2, f, f], ["maxPoolBackward", 3, f, f], ["avgPool", 2, f, f], ["avgPoolBackward", 2, f, f],
    ] as [KernelName, number, string, string][]),
  ];
  for (const [kernel, at, field, name] of COUNTS) {
    it.each([-1, 2.5, NaN, Infinity, -Infinity])(`${kernel} ${name} = %s`, (v) => {
      const s = sample(kernel);
      expect(() => s.check(replaced(s.args, at, v, field))).toThrow(new RangeError(`test backend ${kernel}: ${name} must be an integer ≥ 0, got ${v}`));
    });
  }

  /** Strides and window sizes: integers ≥ 1. */
  const POSITIVE: [KernelName, number][] = [["conv2d", 4], ["conv2dBackwardInput", 3], ["conv2dBackwardFilter", 3], ["maxPool", 2], ["maxPoolBackward", 3], ["avgPool", 2], ["avgPoolBackward", 2]];
  for (const [kernel, at] of POSITIVE) {
    for (const field of ["kH", "kW", "strideH", "strideW"]) {
      it.each([0, -1, 1.5, NaN])(`${kernel} ${field} = %s`, (v) => {
        const s = sample(kernel);
        expect(() => s.check(replaced(s.args, at, v, field))).toThrow(new RangeError(`test backend ${kernel}: ${field} must be an integer ≥ 1, got ${v}`));
      });
    }
  }

  it("adamUpdate step 0 (its bias correction divides by 1 − β⁰ = 0)", () => {
    const s = sample("adamUpdate");
    expect(() => s.check(replaced(s.args, 5, 0, "step"))).toThrow("test backend adamUpdate: step must be an integer ≥ 1, got 0");
  });

  it("sgdUpdate with momentum and no velocity buffer", () => {
    const s = sample("sgdUpdate");
    expect(() => s.check(replaced(s.args, 2, null))).toThrow("test backend sgdUpdate: momentum 0.9 needs a velocity buffer");
    s.check(replaced(replaced(s.args, 2, null), 4, 0, "momentum"));
  });

  it.each([
    [-1, "(the offset must be an integer from 0 to 3)"], [1.5, "(the offset must be an integer from 0 to 3)"],
    [NaN, "(the offset must be an integer from 0 to 3)"], [4, "(the offset must be an integer from 0 to 3)"],
  ])("write at offset %s", (offset, why) => {
    const s = sample("write");
    expect(() => s.check(replaced(s.args, 2, offset))).toThrow(`test backend write: cannot write 2 values at offset ${offset} into storage of 5 ${why}`);
  });

  it("write of more values than the storage holds", () => {
    const s = sample("write");
    expect(() => s.check([s.args[0], [1, 2, 3, 4, 5, 6], 0])).toThrow("test backend write: cannot write 6 values at offset 0 into storage of 5 (too many values)");
  });

  it("binary shapes: a bad dimension, shapes that do not broadcast to outShape", () => {
    const s = sample("binary");
    expect(() => s.check(replaced(s.args, 2, [2, -1, 3]))).toThrow("test backend binary: aShape[1] must be an integer ≥ 0, got -1 (shape [2, -1, 3])");
    expect(() => s.check(replaced(s.args, 6, [2, 4, 3.5]))).toThrow("test backend binary: outShape[2] must be an integer ≥ 0, got 3.5");
    for (const outShape of [[2, 4, 1], [2, 4, 3, 1], [4, 3], [2, 1, 3]]) {
      expect(() => s.check(replaced(s.args, 6, outShape))).toThrow(`outShape [${outShape.join(", ")}] is not the broadcast of aShape [2, 1, 3] and bShape [4, 1]`);
    }
  });

  it("binary in place on a broadcast operand (out[i] would overwrite values later elements read)", () => {
    const s = sample("binary", { b: 24 });
    expect(() => s.check(replaced(s.args, 5, s.args[3]))).toThrow("test backend binary: out is b, which is broadcast (4 elements to 24): give out its own storage");
    const same = sample("binary");
    const a = same.args[1];
    same.check(["mul", a, [2, 3], same.args[3], [3], a, [2, 3]]); // out = a, a not broadcast
  });

  it("reduce axes: outside the shape, unsorted, repeated", () => {
    const s = sample("reduce");
    expect(() => s.check(replaced(s.args, 3, [0, 3]))).toThrow("test backend reduce: axis 3 is outside a shape of rank 3");
    expect(() => s.check(replaced(s.args, 3, [-1]))).toThrow("test backend reduce: axis -1 is outside a shape of rank 3");
    expect(() => s.check(replaced(s.args, 3, [2, 0]))).toThrow("test backend reduce: axes [2, 0] must be sorted and unique");
    expect(() => s.check(replaced(s.args, 3, [0, 0]))).toThrow("test backend reduce: axes [0, 0] must be sorted and unique");
    expect(() => s.check(replaced(s.args, 2, [2, NaN, 4]))).toThrow("test backend reduce: shape[1] must be an integer ≥ 0, got NaN");
  });

  it.each([3, -1, 0.5, NaN])("argmax axis %s", (axis) => {
    const s = sample("argmax");
    expect(() => s.check(replaced(s.args, 2, axis))).toThrow(`test backend argmax: axis ${axis} is outside a shape of rank 3`);
  });

  it("conv2d and pooling output sizes that do not fit the padded input", () => {
    // CONV: inH 7, kH 3, strideH 2, padTop 1: 3 windows fit with no padding after, 4 with 1 or 2 rows
    const conv = sample("conv2d");
    for (const outH of [2, 5]) {
      expect(() => conv.check(replaced(conv.args, 4, outH, "outH"))).toThrow(`test backend conv2d: outH ${outH} does not fit inH 7, kH 3, strideH 2, padTop 1: 3 to 4 windows fit`);
    }
    // POOL: inW 7, kW 2, strideW 2, padLeft 0: 3 windows fit with no padding after, 4 with one column
    const pool = sample("maxPool");
    expect(() => pool.check(replaced(pool.args, 2, 5, "outW"))).toThrow("test backend maxPool: outW 5 does not fit inW 7, kW 2, strideW 2, padLeft 0: 3 to 4 windows fit");
    expect(() => pool.check(replaced(pool.args, 2, 9, "padLeft"))).toThrow(/maxPool: outW 4 does not fit inW 7, kW 2, strideW 2, padLeft 9: 8 to 13 windows fit$/);
  });

  it("accepts every geometry conv2dGeometry and pool2dGeometry make (valid, same, explicit padding, strides, empty batches)", () => {
    const rng = new Rng(15);
    const paddings: Padding[] = ["valid", "same", 0, 1, 2, 4];
    for (let t = 0; t < 2000; t++) {
      const [batch, h, w, c] = [rng.int(3), 1 + rng.int(12), 1 + rng.int(12), 1 + rng.int(3)];
      const k: [number, number] = [1 + rng.int(5), 1 + rng.int(5)];
      const opts = { stride: [1 + rng.int(3), 1 + rng.int(3)] as [number, number], padding: paddings[rng.int(paddings.length)] };
      let conv: Conv2dGeometry, pool: Pool2dGeometry;
      try {
        conv = conv2dGeometry([batch, h, w, c], [...k, c, 2], opts);
        pool = pool2dGeometry([batch, h, w, c], k, opts);
      } catch {
        continue; // the input is smaller than the window: no geometry to check
      }
      const label = `x [${batch}, ${h}, ${w}, ${c}] k [${k}] ${JSON.stringify(opts)}`;
      const s = sample("conv2d", { x: batch * h * w * c, w: k[0] * k[1] * c * 2, bias: 2, y: batch * conv.outH * conv.outW * 2 });
      expect(() => s.check(replaced(s.args, 4, conv)), label).not.toThrow();
      const p = sample("avgPool", { x: batch * h * w * c, y: batch * pool.outH * pool.outW * c });
      expect(() => p.check(replaced(p.args, 2, pool)), label).not.toThrow();
    }
  });
});
