// The conv kernels take their scratch from the host, sized by conv2dWorkBytes: a size too small
// would let a pass write into whatever the allocator placed after it, which no output check sees.
// Each pass runs here with exactly that many bytes followed by a guard that must stay untouched.
import { conv2dGeometry, type WindowOptions } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { LinearAllocator } from "./linear-allocator.js";
import { compileKernels, instantiateKernels } from "./load-kernels.js";

const GUARD = 1 << 16;
const SENTINEL = 0x7eadbeef;

const shapes: [number[], number[], WindowOptions][] = [
  [[3, 13, 11, 3], [4, 4, 3, 5], { stride: 2, padding: "same" }], // col2im on a padded copy
  [[2, 2, 3, 2], [5, 5, 2, 4], { padding: "same" }], // a window larger than the image
  [[2, 10, 10, 3], [2, 2, 3, 4], { padding: 1, stride: 4 }],
  [[3, 28, 28, 1], [5, 5, 1, 8], { padding: "same" }], // 1 channel: pixels as lanes
  [[3, 520, 520, 1], [3, 3, 1, 4], { padding: "same" }], // a padded image over 1 MiB: one per chunk
  [[2, 240, 240, 5], [3, 3, 5, 8], { padding: "same" }], // the transposed conv on the GEMM, chunked
  [[9, 40, 40, 16], [5, 5, 16, 8], { padding: "same" }],
  [[3, 100, 100, 1], [3, 3, 1, 6], { padding: "same" }], // 1 channel, outC not a multiple of 4: dot products
  [[4, 12, 12, 2], [3, 3, 2, 6], { padding: 1 }],
];

describe("conv2dWorkBytes", () => {
  it("is enough scratch for every pass: nothing is written past it", async () => {
    const memory = new WebAssembly.Memory({ initial: 256 });
    const k = await instantiateKernels(await compileKernels("plain"), memory);
    const heap = new LinearAllocator(memory, k.heapBase());
    const size = (dims: number[]) => dims.reduce((a, b) => a * b, 1);
    for (const [xs, ws, opts] of shapes) {
      const g = conv2dGeometry(xs, ws, opts);
      const geo = heap.alloc(256);
      heap.i32.set([g.batch, g.inH, g.inW, g.inC, g.outH, g.outW, g.outC, g.kH, g.kW, g.strideH, g.strideW, g.padTop, g.padLeft], geo / 4);
      const bytes = k.conv2dWorkBytes(geo, geo + 64);
      const [xn, wn, yn] = [size(xs), size(ws), g.batch * g.outH * g.outW * g.outC];
      const [x, w, y, bias] = [heap.alloc(xn * 4), heap.alloc(wn * 4), heap.alloc(yn * 4), heap.alloc(g.outC * 4)];
      const work = heap.alloc(bytes + GUARD);
      heap.f32.fill(0.5, x / 4, x / 4 + xn);
      heap.f32.fill(0.25, w / 4, w / 4 + wn);
      heap.f32.fill(0.1, y / 4, y / 4 + yn);
      const passes: [string, () => void][] = [
        ["forward", () => k.conv2d(x, w, bias, y, geo, work)],
        ["backward input", () => k.conv2dBackwardInput(y, w, x, geo, work)],
        ["backward filter", () => k.conv2dBackwardFilter(x, y, w, geo, work)],
      ];
      for (const [pass, run] of passes) {
        heap.i32.fill(SENTINEL, (work + bytes) / 4, (work + bytes + GUARD) / 4);
        run();
        const guard = heap.i32.subarray((work + bytes) / 4, (work + bytes + GUARD) / 4);
        const past = guard.findIndex((v) => v !== SENTINEL);
        expect(past, `x ${JSON.stringify(xs)} w ${JSON.stringify(ws)} ${JSON.stringify(opts)} ${pass}: wrote at byte ${past * 4} of the guard after ${bytes} bytes of scratch`).toBe(-1);
      }
      [geo, x, w, y, bias, work].forEach((p) => heap.free(p));
    }
  });
});
