import { Rng } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { writeShifted } from "./shift.js";

/** Reference: every output pixel looks up where it came from. */
function shiftedReference(src: Uint8Array, rows: number, cols: number, dy: number, dx: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const sr = r - dy;
      const sc = c - dx;
      out.push(sr >= 0 && sr < rows && sc >= 0 && sc < cols ? src[sr * cols + sc] : 0);
    }
  }
  return out;
}

describe("writeShifted", () => {
  it("moves a 3×3 image one down and one left, filling with zeros", () => {
    const src = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9);
    const dst = new Float32Array(9);
    writeShifted(src, 0, dst, 0, 3, 3, 1, -1);
    expect(Array.from(dst)).toEqual([0, 0, 0, 2, 3, 0, 5, 6, 0]);
  });

  it("matches the reference for every shift up to ±8 on a 5×7 image, at offsets", () => {
    const rng = new Rng(11);
    const rows = 5;
    const cols = 7;
    const src = new Uint8Array(3 + rows * cols);
    for (let i = 3; i < src.length; i++) src[i] = 1 + rng.int(255);
    for (let dy = -8; dy <= 8; dy++) {
      for (let dx = -8; dx <= 8; dx++) {
        const dst = new Float64Array(2 + rows * cols + 2).fill(-1);
        writeShifted(src, 3, dst, 2, rows, cols, dy, dx);
        expect(Array.from(dst.subarray(2, 2 + rows * cols))).toEqual(shiftedReference(src.subarray(3), rows, cols, dy, dx));
        expect([dst[0], dst[1], dst[dst.length - 2], dst[dst.length - 1]]).toEqual([-1, -1, -1, -1]);
      }
    }
  });
});
