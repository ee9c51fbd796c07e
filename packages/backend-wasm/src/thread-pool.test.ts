// Work split over worker threads must give what one thread gives: the same bits where every output
// is computed whole by one thread (matmul split by rows or columns, Adam by ranges, conv and
// pooling forward by images), within rounding where partial sums are added (k splits, filter
// gradients); and the whole conformance suite must hold with threads on.
import { runConformance } from "@chainrule/backend-conformance";
import { conv2dGeometry, pool2dGeometry, Rng, type Conv2dGeometry } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { splitMatmul } from "./matmul-split.js";
import { createWasmBackend } from "./create-wasm-backend.js";
import type { KernelExports } from "./kernel-exports.js";
import type { Worker } from "node:worker_threads";
import type { ThreadPool } from "./thread-pool.js";
import type { WasmBackend } from "./wasm-backend.js";

runConformance("wasm, 2 threads", () => createWasmBackend({ threads: 2, fma: false }));
runConformance("wasm, 2 threads, fused multiply-add", () => createWasmBackend({ threads: 2, fma: true }));

describe("threads", () => {
  it("starts a pool of workers and splits large matmuls by rows, columns or k, equal to one thread's within rounding", async () => {
    const one = await createWasmBackend();
    const two = await createWasmBackend({ threads: 2 });
    expect(two.fma).toBe(one.fma);
    expect(two.threads).toBe(2);
    const rng = new Rng(3);
    const cases = [
      [128, 128, 784, false, false, "k"], // each thread sums half of every dot product
      [203, 97, 61, true, false, "rows"],
      [64, 1030, 33, false, true, "cols"],
      [784, 128, 128, true, false, "rows"],
    ] as const;
    for (const [m, n, k, transA, transB, axis] of cases) {
      expect(splitMatmul(m, n, k, 2).axis).toBe(axis);
      const a = Float32Array.from({ length: m * k }, () => rng.uniform(-1, 1));
      const b = Float32Array.from({ length: k * n }, () => rng.uniform(-1, 1));
      const bias = Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
      const start = Float32Array.from({ length: m * n }, () => rng.uniform(-1, 1));
      for (const accumulate of [false, true]) {
        const results = [one, two].map((be) => {
          const [ai, bi, biasi, out] = [be.alloc(a.length), be.alloc(b.length), be.alloc(n), be.alloc(m * n)];
          be.write(ai, a);
          be.write(bi, b);
          be.write(biasi, bias);
          be.write(out, start);
          be.matmul(ai, bi, out, { m, n, k, transA, transB, bias: biasi, accumulate });
          return be.readSync(out);
        });
        // rows and columns keep every dot product on one thread, in the same order: the same bits
        if (axis !== "k") expect(results[1]).toEqual(results[0]);
        const worst = results[0].reduce((w, v, i) => Math.max(w, Math.abs(v - results[1][i]) / (1 + Math.abs(v))), 0);
        expect(worst).toBeLessThan(1e-5);
      }
    }
  });

  it("splits Adam updates by element ranges, with the same bits as one thread", async () => {
    const one = await createWasmBackend();
    const two = await createWasmBackend({ threads: 2 });
    const rng = new Rng(9);
    const size = 100_003; // past the threading threshold, and not a multiple of 4
    const init = [0, 1, 2, 3].map(() => Float32Array.from({ length: size }, () => rng.uniform(-1, 1)));
    init[3] = init[3].map(Math.abs); // v ≥ 0
    for (const decoupled of [false, true]) {
      const results = [one, two].map((be) => {
        const [param, grad, m, v] = init.map((values) => {
          const id = be.alloc(size);
          be.write(id, values);
          return id;
        });
        for (let step = 1; step <= 3; step++) {
          be.adamUpdate(param, grad, m, v, size, { lr: 0.01, beta1: 0.9, beta2: 0.99, eps: 1e-6, weightDecay: 0.1, decoupled, step });
        }
        return [param, m, v].map((id) => be.readSync(id));
      });
      expect(results[0][0]).not.toEqual(init[0]);
      expect(results[1]).toEqual(results[0]);
    }
  });

  it("splits large elementwise kernels by element ranges, with the same bits as one thread", async () => {
    const one = await createWasmBackend();
    const two = await createWasmBackend({ threads: 2 });
    const rng = new Rng(13);
    const size = 70_001; // past the threading threshold, and not a multiple of 4
    const x = Float32Array.from({ length: size }, () => rng.uniform(-3, 3));
    const dy = Float32Array.from({ length: size }, () => rng.uniform(-1, 1));
    const results = [one, two].map((be) => {
      const put = (values: Float32Array) => {
        const id = be.alloc(size);
        be.write(id, values);
        return id;
      };
      const [xi, dyi, out, dx] = [put(x), put(dy), be.alloc(size), be.alloc(size)];
      const reads: Float32Array[] = [];
      for (const kind of ["relu", "leakyRelu", "sigmoid", "tanh"] as const) {
        be.activation(kind, xi, out, size, 0.2);
        reads.push(be.readSync(out));
        be.activationBackward(kind, out, dyi, dx, size, 0.2);
        reads.push(be.readSync(dx));
      }
      for (const op of ["exp", "abs", "sqrt"] as const) {
        be.unary(op, xi, out, size);
        reads.push(be.readSync(out));
      }
      be.binaryScalar("sub", xi, 0.5, out, size);
      reads.push(be.readSync(out));
      be.binaryScalar("div", xi, 0.5, out, size, true);
      reads.push(be.readSync(out));
      return reads;
    });
    expect(results[1]).toEqual(results[0]);
  });

  it("splits the conv passes by images: forward equal to one thread's, both backward passes within rounding", async () => {
    const one = await createWasmBackend();
    const two = await createWasmBackend({ threads: 2 });
    const rng = new Rng(5);
    const cases: Conv2dGeometry[] = [
      conv2dGeometry([64, 28, 28, 1], [5, 5, 1, 8], { padding: "valid" }), // the 1-channel transposed path
      conv2dGeometry([63, 12, 12, 8], [5, 5, 8, 16], { padding: "valid" }), // an odd batch
      conv2dGeometry([9, 15, 13, 6], [3, 3, 6, 12], { padding: "same", stride: 2 }),
      conv2dGeometry([10, 14, 14, 8], [3, 3, 8, 16], { padding: "same" }), // padded copies, transposed backward input
      conv2dGeometry([10, 28, 28, 1], [3, 3, 1, 8], { padding: "same" }), // 1 channel, padded
    ];
    for (const g of cases) {
      const sizes = { x: g.batch * g.inH * g.inW * g.inC, y: g.batch * g.outH * g.outW * g.outC, w: g.kH * g.kW * g.inC * g.outC };
      const vals = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
      const [x, w, dy, bias] = [vals(sizes.x), vals(sizes.w), vals(sizes.y), vals(g.outC)];
      const run = (be: WasmBackend) => {
        const put = (v: Float32Array) => {
          const id = be.alloc(v.length);
          be.write(id, v);
          return id;
        };
        const [xi, wi, dyi, bi] = [put(x), put(w), put(dy), put(bias)];
        const [y, dx, dw] = [be.alloc(sizes.y), be.alloc(sizes.x), be.alloc(sizes.w)];
        be.conv2d(xi, wi, bi, y, g);
        be.conv2dBackwardInput(dyi, wi, dx, g);
        be.conv2dBackwardFilter(xi, dyi, dw, g);
        return [be.readSync(y), be.readSync(dx), be.readSync(dw)];
      };
      const [ref, got] = [run(one), run(two)];
      expect(got[0]).toEqual(ref[0]);
      // dw sums the two halves of the batch separately, then adds them; col2im adds overlapping
      // windows onto dx in an order that follows the GEMM's row blocks, which start elsewhere
      // in a slice: both change the summation order, so rounding may differ
      for (const out of [1, 2]) {
        const scale = Math.max(...ref[out].map(Math.abs));
        expect(scale).toBeGreaterThan(0.1);
        got[out].forEach((v, i) => expect(Math.abs(v - ref[out][i])).toBeLessThanOrEqual(1e-5 * scale));
      }
    }
  });

  it("splits pooling by images with results equal to one thread's", async () => {
    const one = await createWasmBackend();
    const two = await createWasmBackend({ threads: 2 });
    const rng = new Rng(9);
    for (const g of [
      pool2dGeometry([64, 24, 24, 8], [2, 2], { stride: 2 }), // the MNIST CNN's first pooling
      pool2dGeometry([31, 31, 29, 5], [3, 3], { stride: 2, padding: "same" }), // overlapping windows, an odd batch
    ]) {
      const xs = g.batch * g.inH * g.inW * g.channels, ys = g.batch * g.outH * g.outW * g.channels;
      const [x, dy] = [xs, ys].map((n) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1)));
      const run = (be: WasmBackend) => {
        const [xi, dyi, y, dx] = [be.alloc(xs), be.alloc(ys), be.alloc(ys), be.alloc(xs)];
        be.write(xi, x);
        be.write(dyi, dy);
        const out: Float32Array[] = [];
        be.maxPool(xi, y, g);
        out.push(be.readSync(y));
        be.maxPoolBackward(xi, dyi, dx, g);
        out.push(be.readSync(dx));
        be.avgPool(xi, y, g);
        out.push(be.readSync(y));
        be.avgPoolBackward(dyi, dx, g);
        out.push(be.readSync(dx));
        return out;
      };
      const [ref, got] = [run(one), run(two)];
      got.forEach((v, i) => expect(v).toEqual(ref[i]));
    }
  });

  it("reports a kernel that traps on a worker, and the pool keeps working", async () => {
    const be = await createWasmBackend({ threads: 2 });
    const { pool, k } = be as unknown as { pool: ThreadPool; k: KernelExports };
    const work = pool.workerScratch(0, k.gemmWorkBytes());
    // the worker's share reads A at an address past the end of memory
    const outside = be.linearMemoryBytes() + 4096;
    const [a, b, out] = [be.alloc(64 * 64), be.alloc(64 * 64), be.alloc(64 * 64)];
    const mine = [0, 0, 0, 0, 64, 64, 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]; // this thread's share: rows [0, 0), nothing
    const theirs = [outside, outside, outside, 0, 64, 64, 64, 0, 0, 0, 0, 64, 32, 64, 0, 64, work];
    expect(() => pool.run(k, "matmul", [mine, theirs])).toThrow(/matmul trapped on 1 worker thread/);
    // the next threaded product runs and is right: [1]·[1] summed over 64 = 64 everywhere
    be.write(a, new Float32Array(64 * 64).fill(1));
    be.write(b, new Float32Array(64 * 64).fill(1));
    be.matmul(a, b, out, { m: 64, n: 64, k: 64 });
    expect(be.readSync(out).every((v) => v === 64)).toBe(true);
  });

  describe("a worker that dies", () => {
    /** A 2-thread backend, its first worker, and a matmul big enough to be split over both threads. */
    async function setUp() {
      const be = await createWasmBackend({ threads: 2 });
      const worker = (be as unknown as { pool: { workers: Worker[] } }).pool.workers[0];
      const [a, b, out] = [be.alloc(64 * 64), be.alloc(64 * 64), be.alloc(64 * 64)];
      const matmul = () => be.matmul(a, b, out, { m: 64, n: 64, k: 64 });
      matmul(); // runs on both threads
      return { be, worker, matmul };
    }

    it("fails the next threaded call with an error naming the worker and how it ended; every later call throws", async () => {
      const { be, worker, matmul } = await setUp();
      await worker.terminate(); // its exit event has been delivered when this resolves
      expect(matmul).toThrow(/wasm backend: unusable: worker thread 1 exited \(exit code 1\).*create a new backend/);
      expect(() => be.alloc(4)).toThrow(/wasm backend: unusable: worker thread 1 exited/);
    }, 10_000);

    it("fails a call that waits on a worker that died unseen (no exit event yet), after the stall limit", async () => {
      const { be, worker, matmul } = await setUp();
      ["exit", "error"].forEach((e) => worker.removeAllListeners(e)); // as if the thread died while this one spins: no event can arrive
      await worker.terminate();
      const pool = (be as unknown as { pool: ThreadPool }).pool;
      pool.stallMs = 300;
      const t0 = performance.now();
      expect(matmul).toThrow(/wasm backend: unusable: worker thread 1 did not finish matmul within 0.3 s: it died/);
      expect(performance.now() - t0).toBeLessThan(5_000);
      expect(() => be.alloc(4)).toThrow(/wasm backend: unusable: worker thread 1 did not finish matmul/);
    }, 10_000);
  });
});
