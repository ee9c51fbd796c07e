import { Rng } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { MNIST_STATS, pixelStats } from "./pixel-stats.js";
import { pixelTable } from "./pixel-table.js";

describe("pixelStats", () => {
  it("matches a direct two-pass float64 mean and population deviation", () => {
    const rng = new Rng(3);
    // Skewed towards dark pixels, like digits on a black background.
    const pixels = Uint8Array.from({ length: 10007 }, () => (rng.next() < 0.8 ? 0 : rng.int(256)));
    let sum = 0;
    for (const p of pixels) sum += p / 255;
    const mean = sum / pixels.length;
    let sq = 0;
    for (const p of pixels) sq += (p / 255 - mean) ** 2;
    const stats = pixelStats(pixels);
    expect(stats.mean).toBeCloseTo(mean, 12);
    expect(stats.std).toBeCloseTo(Math.sqrt(sq / pixels.length), 12);
  });

  it("gives mean 0.5 and deviation 0.5 for one black and one white pixel", () => {
    expect(pixelStats(Uint8Array.of(0, 255))).toEqual({ mean: 0.5, std: 0.5 });
  });
});

describe("pixelTable", () => {
  it("maps levels to p/255 or (p/255 − mean)/std, rounded to float32", () => {
    const unit = pixelTable("unit", MNIST_STATS);
    const standard = pixelTable("standard", MNIST_STATS);
    for (let p = 0; p < 256; p++) {
      expect(unit[p]).toBe(Math.fround(p * Math.fround(1 / 255)));
      expect(Math.abs(unit[p] - p / 255)).toBeLessThanOrEqual(1.2e-7 * unit[p]);
      expect(standard[p]).toBe(Math.fround(standard[p]));
      expect(Math.abs(standard[p] - (p / 255 - 0.1307) / 0.3081)).toBeLessThan(3e-7 * (1 + Math.abs(standard[p])));
    }
  });

  it("rejects an unknown mode", () => {
    expect(() => pixelTable("minmax" as "unit", MNIST_STATS)).toThrow('normalize must be "unit" or "standard", got "minmax"');
  });
});
