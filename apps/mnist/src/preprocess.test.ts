import { describe, expect, it } from "vitest";
import { rgbaToGrey, toMnistSample, type GreyImage } from "./preprocess.js";

/** A w×h grey image of `paper` with `ink` wherever mark(x, y) holds. */
function drawn(w: number, h: number, paper: number, ink: number, mark: (x: number, y: number) => boolean): GreyImage {
  const data = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = mark(x, y) ? ink : paper;
  return { width: w, height: h, data };
}

/** Bounding box, total mass and centre of mass (in pixel indices, as MNIST measured it) of a 28×28 sample. */
function measure(s: Float32Array) {
  let x0 = 28, x1 = -1, y0 = 28, y1 = -1, m = 0, mx = 0, my = 0;
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const v = s[y * 28 + x];
      if (v > 0) {
        x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
      }
      m += v; mx += v * x; my += v * y;
    }
  }
  return { w: x1 - x0 + 1, h: y1 - y0 + 1, x0, y0, mass: m, cx: mx / m, cy: my / m };
}

describe("rgbaToGrey", () => {
  it("weights RGB by luminance and composites transparency over white", () => {
    const g = rgbaToGrey([255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 128, 10, 20, 30, 255], 2, 2);
    expect(g.data[0]).toBeCloseTo(0.299, 6);
    expect(g.data[1]).toBeCloseTo(1, 6);
    expect(g.data[2]).toBeCloseTo(1 - 128 / 255, 6);
    expect(g.data[3]).toBeCloseTo((0.299 * 10 + 0.587 * 20 + 0.114 * 30) / 255, 6);
  });

  it("rejects a byte count that does not match the size", () => {
    expect(() => rgbaToGrey(new Uint8Array(15), 2, 2)).toThrow(/15 bytes for a 2×2 RGBA image \(need 16\)/);
  });
});

describe("toMnistSample", () => {
  // A 40×20 black block on white paper, off to one side of a 100×60 page.
  const block = drawn(100, 60, 1, 0, (x, y) => x >= 10 && x < 50 && y >= 5 && y < 25);

  it("inverts light paper, crops, scales the long side to 20 and centres the mass at (14, 14)", () => {
    const s = toMnistSample(block);
    const m = measure(s);
    // 40×20 scaled by 20/40 → a 20×10 block of full ink: 200 pixels of value 1.
    expect([m.w, m.h]).toEqual([20, 10]);
    expect(m.mass).toBeCloseTo(200, 4);
    expect(Array.from(s).every((v) => v === 0 || Math.abs(v - 1) < 1e-6)).toBe(true);
    // The block's centre of mass is at index 9.5 across and 4.5 down: the nearest whole shifts put it at 14.5.
    expect(m.cx).toBeCloseTo(14.5, 6);
    expect(m.cy).toBeCloseTo(14.5, 6);
    expect([m.x0, m.y0]).toEqual([5, 10]);
  });

  it("gives the same sample for white ink on dark paper", () => {
    const dark = drawn(100, 60, 0, 1, (x, y) => x >= 10 && x < 50 && y >= 5 && y < 25);
    expect(Array.from(toMnistSample(dark))).toEqual(Array.from(toMnistSample(block)));
  });

  it("keeps the aspect ratio of a tall stroke", () => {
    const m = measure(toMnistSample(drawn(30, 50, 1, 0, (x, y) => x >= 3 && x < 13 && y >= 5 && y < 45)));
    expect([m.w, m.h]).toEqual([5, 20]);
  });

  it("scales small drawings up", () => {
    const m = measure(toMnistSample(drawn(10, 10, 1, 0, (x, y) => x >= 2 && x < 6 && y >= 3 && y < 5)));
    expect([m.w, m.h, m.mass]).toEqual([20, 10, 200]);
  });

  it("averages the covered area when scaling down: a 1-pixel checkerboard halved becomes uniform 0.5", () => {
    const s = toMnistSample(drawn(40, 40, 1, 0, (x, y) => (x + y) % 2 === 0));
    const m = measure(s);
    expect([m.w, m.h]).toEqual([20, 20]);
    for (const v of s) if (v > 0) expect(v).toBeCloseTo(0.5, 6);
    expect(m.mass).toBeCloseTo(200, 4);
  });

  it("centres by mass, not by the bounding box", () => {
    // A thick L: most of its mass sits low and to the left, so the box centre and the mass centre differ.
    const s = toMnistSample(drawn(60, 60, 1, 0, (x, y) => (x >= 10 && x < 20 && y >= 10 && y < 50) || (x >= 10 && x < 50 && y >= 40 && y < 50)));
    const m = measure(s);
    expect(Math.abs(m.cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(m.cy - 14)).toBeLessThanOrEqual(0.5);
    const boxCentreX = m.x0 + (m.w - 1) / 2;
    expect(Math.abs(boxCentreX - 14)).toBeGreaterThan(1);
  });

  it("stretches faint ink on grey paper to the full range", () => {
    const s = toMnistSample(drawn(40, 40, 0.6, 0.4, (x, y) => x >= 10 && x < 30 && y >= 10 && y < 30));
    expect(Math.max(...s)).toBeCloseTo(1, 6);
    expect(measure(s).mass).toBeCloseTo(400, 3);
  });

  it("rejects an image without ink", () => {
    expect(() => toMnistSample(drawn(8, 8, 1, 1, () => false))).toThrow(/no ink/);
  });
});
