import { beforeAll, describe, expect, it } from "vitest";
import type { MnistData } from "./mnist-data.js";
import { loadMnist } from "./node/load-mnist.js";
import { centreOfMass, inkBox, prepareDigit, resizeArea, rgbaToGrey, type GreyImage } from "./prepare-digit.js";

/** A w×h image of `paper` with `ink` wherever mark(x, y) holds. */
function drawn(w: number, h: number, paper: number, ink: number, mark: (x: number, y: number) => boolean): GreyImage {
  const data = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = mark(x, y) ? ink : paper;
  return { width: w, height: h, data };
}

/** Ink = 1 on 0, as the playground's canvas gives it. */
const paint = (w: number, h: number, mark: (x: number, y: number) => boolean) => drawn(w, h, 0, 1, mark);

/** Bounding box, total mass and centre of mass (in pixel indices) of a 28×28 sample, computed independently. */
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

function correlation(a: Float32Array, b: Float32Array): number {
  const mean = (v: Float32Array) => v.reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(a), mean(b)];
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
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

describe("inkBox", () => {
  it("finds the half-open box around the ink", () => {
    const img = paint(10, 8, (x, y) => (x === 2 && y === 3) || (x === 6 && y === 5));
    expect(inkBox(img)).toEqual({ x0: 2, y0: 3, x1: 7, y1: 6 });
  });

  it("is null for a blank image", () => {
    expect(inkBox(paint(5, 5, () => false))).toBeNull();
  });
});

describe("resizeArea", () => {
  it("averages whole blocks when the ratio is an integer", () => {
    const img: GreyImage = { width: 4, height: 2, data: new Float32Array([1, 0, 0.5, 0.5, 1, 0, 1, 0]) };
    const out = resizeArea(img, { x0: 0, y0: 0, x1: 4, y1: 2 }, 2, 1);
    expect(Array.from(out.data)).toEqual([0.5, 0.5]);
  });

  it("weights partly covered pixels by the covered fraction", () => {
    // 3 → 2: output 0 covers [0, 1.5) = pixel 0 and half of pixel 1: (3 + 0.5·6) / 1.5 = 4.
    const img: GreyImage = { width: 3, height: 1, data: new Float32Array([3, 6, 9]) };
    const out = resizeArea(img, { x0: 0, y0: 0, x1: 3, y1: 1 }, 2, 1);
    expect(out.data[0]).toBeCloseTo(4, 6);
    expect(out.data[1]).toBeCloseTo(8, 6);
  });

  it("keeps total ink up to the change of area", () => {
    const img = paint(37, 23, (x, y) => (x * 7 + y * 13) % 5 < 2);
    const total = img.data.reduce((a, v) => a + v, 0);
    const out = resizeArea(img, { x0: 0, y0: 0, x1: 37, y1: 23 }, 11, 9);
    expect(out.data.reduce((a, v) => a + v, 0)).toBeCloseTo((total * 11 * 9) / (37 * 23), 3);
  });

  it("rejects an empty box", () => {
    expect(() => resizeArea(paint(2, 2, () => true), { x0: 1, y0: 0, x1: 1, y1: 2 }, 2, 2)).toThrowError("box 0×2");
  });
});

describe("centreOfMass", () => {
  it("uses pixel indices", () => {
    expect(centreOfMass({ width: 2, height: 1, data: new Float32Array([1, 1]) })).toEqual({ x: 0.5, y: 0 });
    expect(centreOfMass({ width: 3, height: 2, data: new Float32Array([0, 0, 3, 0, 0, 1]) })).toEqual({ x: 2, y: 0.25 });
  });
});

describe("prepareDigit on light paper", () => {
  // A 40×20 black block on white paper, off to one side of a 100×60 page.
  const block = drawn(100, 60, 1, 0, (x, y) => x >= 10 && x < 50 && y >= 5 && y < 25);

  it("inverts light paper, crops, scales the long side to 20 and centres the mass at (14, 14)", () => {
    const s = prepareDigit(block);
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

  it("gives the same sample for white ink on dark paper, and when told the background", () => {
    const dark = drawn(100, 60, 0, 1, (x, y) => x >= 10 && x < 50 && y >= 5 && y < 25);
    const want = Array.from(prepareDigit(block));
    expect(Array.from(prepareDigit(dark))).toEqual(want);
    expect(Array.from(prepareDigit(dark, { background: "dark" }))).toEqual(want);
    expect(Array.from(prepareDigit(block, { background: "light" }))).toEqual(want);
  });

  it("keeps the aspect ratio of a tall stroke", () => {
    const m = measure(prepareDigit(drawn(30, 50, 1, 0, (x, y) => x >= 3 && x < 13 && y >= 5 && y < 45)));
    expect([m.w, m.h]).toEqual([5, 20]);
  });

  it("scales small drawings up", () => {
    const m = measure(prepareDigit(drawn(10, 10, 1, 0, (x, y) => x >= 2 && x < 6 && y >= 3 && y < 5)));
    expect([m.w, m.h, m.mass]).toEqual([20, 10, 200]);
  });

  it("averages the covered area when scaling down: a 1-pixel checkerboard halved becomes uniform 0.5", () => {
    const s = prepareDigit(drawn(40, 40, 1, 0, (x, y) => (x + y) % 2 === 0));
    const m = measure(s);
    expect([m.w, m.h]).toEqual([20, 20]);
    for (const v of s) if (v > 0) expect(v).toBeCloseTo(0.5, 6);
    expect(m.mass).toBeCloseTo(200, 4);
  });

  it("centres by mass, not by the bounding box", () => {
    // A thick L: most of its mass sits low and to the left, so the box centre and the mass centre differ.
    const s = prepareDigit(drawn(60, 60, 1, 0, (x, y) => (x >= 10 && x < 20 && y >= 10 && y < 50) || (x >= 10 && x < 50 && y >= 40 && y < 50)));
    const m = measure(s);
    expect(Math.abs(m.cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(m.cy - 14)).toBeLessThanOrEqual(0.5);
    const boxCentreX = m.x0 + (m.w - 1) / 2;
    expect(Math.abs(boxCentreX - 14)).toBeGreaterThan(1);
  });

  it("stretches faint ink on grey paper to the full range", () => {
    const s = prepareDigit(drawn(40, 40, 0.6, 0.4, (x, y) => x >= 10 && x < 30 && y >= 10 && y < 30));
    expect(Math.max(...s)).toBeCloseTo(1, 6);
    expect(measure(s).mass).toBeCloseTo(400, 3);
  });

  it("returns zeros for a picture of one flat colour", () => {
    expect(Array.from(prepareDigit(drawn(8, 8, 1, 1, () => false))).every((v) => v === 0)).toBe(true);
  });
});

describe("prepareDigit on a canvas (ink = 1 on 0)", () => {
  /** The 28×28 result as rows of numbers, for readable comparisons. */
  const rows = (pixels: Float32Array) => Array.from({ length: 28 }, (_, y) => Array.from(pixels.subarray(y * 28, y * 28 + 28)));

  it("scales a square to 20×20 and centres it", () => {
    // Index centre of mass 9.5 → shift round(4.5) = 5: columns and rows 5–24.
    const out = prepareDigit(paint(100, 100, (x, y) => x >= 10 && x < 50 && y >= 30 && y < 70), { background: "dark" });
    const expected = rows(new Float32Array(784).map((_, i) => (i % 28 >= 5 && i % 28 < 25 && i / 28 >= 5 && i / 28 < 25 ? 1 : 0)));
    expect(rows(out)).toEqual(expected);
  });

  it("keeps the aspect ratio of a tall bar", () => {
    // 6×60 → 2×20; centre of mass (0.5, 9.5) moves by (round 13.5, round 4.5) = (14, 5): columns 14–15, rows 5–24.
    const out = prepareDigit(paint(80, 90, (x, y) => x >= 30 && x < 36 && y >= 15 && y < 75), { background: "dark" });
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) expect(out[y * 28 + x], `(${x}, ${y})`).toBe(x >= 14 && x < 16 && y >= 5 && y < 25 ? 1 : 0);
    }
  });

  it("centres by centre of mass, not by the box", () => {
    // An L in a 40×40 box, halved to 20×20: a 5-wide stem and a 5-tall foot. Mass 100 + 75 = 175;
    // cx = (100·2 + 75·12)/175 = 6.29, cy = (100·9.5 + 75·17)/175 = 12.71, so the shift is (8, 1).
    const out = prepareDigit(paint(64, 64, (x, y) => x >= 12 && x < 52 && y >= 3 && y < 43 && (x < 22 || y >= 33)), { background: "dark" });
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const stem = x >= 8 && x < 13 && y >= 1 && y < 21;
        const foot = x >= 8 && x < 28 && y >= 16 && y < 21;
        expect(out[y * 28 + x], `(${x}, ${y})`).toBe(stem || foot ? 1 : 0);
      }
    }
  });

  it("turns thin strokes into grey levels", () => {
    // A 1-pixel L in a 40×40 box halves to 0.5 along the strokes and 0.75 where they meet. Its
    // border is more than half ink, so "auto" would take it for light paper: the canvas says "dark".
    const out = prepareDigit(paint(40, 40, (x, y) => x === 0 || y === 39), { background: "dark" });
    const small = (x: number, y: number) => (x === 0 && y === 19 ? 0.75 : x === 0 || y === 19 ? 0.5 : 0);
    // Mass: stem 19·0.5 + corner 0.75 + foot 19·0.5 = 19.75; cx = Σ_{x=1..19} 0.5·x / 19.75.
    let cx = 0;
    for (let x = 1; x < 20; x++) cx += 0.5 * x;
    cx /= 19.75;
    const dx = Math.round(14 - cx);
    const dy = Math.round(14 - (19 - cx)); // the L is symmetric about the anti-diagonal, so cy = 19 − cx
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const sx = x - dx;
        const sy = y - dy;
        const want = sx >= 0 && sx < 20 && sy >= 0 && sy < 20 ? small(sx, sy) : 0;
        expect(out[y * 28 + x], `(${x}, ${y})`).toBeCloseTo(want, 6);
      }
    }
  });

  it("returns zeros for a blank drawing", () => {
    expect(Array.from(prepareDigit(paint(50, 50, () => false), { background: "dark" })).every((v) => v === 0)).toBe(true);
  });

  it("says when the data does not match the size", () => {
    expect(() => prepareDigit({ width: 3, height: 3, data: new Float32Array(8) })).toThrowError("a 3×3 image needs 9 values but got 8");
    expect(() => prepareDigit({ width: 0, height: 3, data: new Float32Array(0) })).toThrowError("the image is empty (0×3)");
  });
});

describe("prepareDigit on real MNIST digits", () => {
  let mnist: MnistData;
  beforeAll(async () => {
    mnist = await loadMnist();
  });
  const digit = (i: number) => Float32Array.from(mnist.test.images.subarray(i * 784, (i + 1) * 784), (v) => v / 255);

  it("matches how MNIST was centred: every test digit's centre of mass in pixel indices is within 14 ± 0.5", () => {
    let worst = 0;
    for (let i = 0; i < mnist.test.size; i++) {
      const c = centreOfMass({ width: 28, height: 28, data: digit(i) })!;
      worst = Math.max(worst, Math.abs(c.x - 14), Math.abs(c.y - 14));
    }
    expect(worst).toBeLessThanOrEqual(0.5 + 1e-9);
  });

  it("turns a large photo-like copy of a digit back into (nearly) the original", () => {
    const scores: number[] = [];
    for (let i = 0; i < 20; i++) {
      // Dark ink on light paper, 5× larger, with a 37-pixel margin.
      const d = digit(i);
      const scale = 5;
      const margin = 37;
      const size = 28 * scale + 2 * margin;
      const photo = drawn(size, size, 1, 1, () => false);
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const sx = Math.floor((x - margin) / scale);
          const sy = Math.floor((y - margin) / scale);
          if (sx >= 0 && sx < 28 && sy >= 0 && sy < 28) photo.data[y * size + x] = 1 - d[sy * 28 + sx];
        }
      }
      scores.push(correlation(prepareDigit(photo), d));
    }
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(0.9995);
  });
});
