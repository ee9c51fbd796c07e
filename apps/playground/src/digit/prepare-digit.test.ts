import { describe, expect, it } from "vitest";
import { centreOfMass, inkBox, prepareDigit, resizeArea, type GreyImage } from "./prepare-digit.js";

/** A width×height image with ink = 1 wherever `inked(x, y)` holds. */
function paint(width: number, height: number, inked: (x: number, y: number) => boolean): GreyImage {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = inked(x, y) ? 1 : 0;
  return { width, height, data };
}

/** The 28×28 result as rows of numbers, for readable comparisons. */
function rows(pixels: Float32Array): number[][] {
  return Array.from({ length: 28 }, (_, y) => Array.from(pixels.subarray(y * 28, y * 28 + 28)));
}

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
  it("uses pixel centres", () => {
    expect(centreOfMass({ width: 2, height: 1, data: new Float32Array([1, 1]) })).toEqual({ x: 1, y: 0.5 });
    expect(centreOfMass({ width: 3, height: 2, data: new Float32Array([0, 0, 3, 0, 0, 1]) })).toEqual({ x: 2.5, y: 0.75 });
  });
});

describe("prepareDigit", () => {
  it("scales a square to 20×20 and centres it", () => {
    const out = prepareDigit(paint(100, 100, (x, y) => x >= 10 && x < 50 && y >= 30 && y < 70));
    const expected = rows(new Float32Array(784).map((_, i) => (i % 28 >= 4 && i % 28 < 24 && i / 28 >= 4 && i / 28 < 24 ? 1 : 0)));
    expect(rows(out)).toEqual(expected);
  });

  it("keeps the aspect ratio of a tall bar", () => {
    // 6×60 → 2×20; centre of mass (1, 10) moves to (14, 14): columns 13–14, rows 4–23.
    const out = prepareDigit(paint(80, 90, (x, y) => x >= 30 && x < 36 && y >= 15 && y < 75));
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) expect(out[y * 28 + x], `(${x}, ${y})`).toBe(x >= 13 && x < 15 && y >= 4 && y < 24 ? 1 : 0);
    }
  });

  it("centres by centre of mass, not by the box", () => {
    // An L in a 40×40 box, halved to 20×20: a 5-wide stem and a 5-tall foot. Mass 100 + 75 = 175;
    // cx = (100·2.5 + 75·12.5)/175 = 6.79, cy = (100·10 + 75·17.5)/175 = 13.21, so the shift is (7, 1).
    const out = prepareDigit(paint(64, 64, (x, y) => x >= 12 && x < 52 && y >= 3 && y < 43 && (x < 22 || y >= 33)));
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const stem = x >= 7 && x < 12 && y >= 1 && y < 21;
        const foot = x >= 7 && x < 27 && y >= 16 && y < 21;
        expect(out[y * 28 + x], `(${x}, ${y})`).toBe(stem || foot ? 1 : 0);
      }
    }
  });

  it("turns thin strokes into grey levels", () => {
    // A 1-pixel L in a 40×40 box halves to 0.5 along the strokes and 0.75 where they meet.
    const out = prepareDigit(paint(40, 40, (x, y) => x === 0 || y === 39));
    const small = (x: number, y: number) => (x === 0 && y === 19 ? 0.75 : x === 0 || y === 19 ? 0.5 : 0);
    // Mass: stem 19·0.5 + corner 0.75 + foot 19·0.5 = 19.75; cx = (19·0.5·0.5 + 0.75·0.5 + Σ_{x=1..19} 0.5·(x+0.5))/19.75.
    let cx = 0.75 * 0.5 + 19 * 0.5 * 0.5;
    for (let x = 1; x < 20; x++) cx += 0.5 * (x + 0.5);
    cx /= 19.75;
    const dx = Math.round(14 - cx);
    const dy = Math.round(14 - (20 - cx)); // the L is symmetric about the anti-diagonal, so cy = 20 − cx
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
    expect(Array.from(prepareDigit(paint(50, 50, () => false))).every((v) => v === 0)).toBe(true);
  });

  it("says when the data does not match the size", () => {
    expect(() => prepareDigit({ width: 3, height: 3, data: new Float32Array(8) })).toThrowError("a 3×3 image needs 9 values but got 8");
  });
});
