import { readFile } from "node:fs/promises";
import { PNG } from "pngjs";
import { rgbaToGrey, type GreyImage } from "@chainrule/data-mnist";

/**
 * Reads a PNG of any size and colour type as grey levels in [0, 1] (transparency over white).
 * A file that is not a readable PNG gives an error naming it.
 *
 * @example
 * const x = prepareDigit(await readPngGrey("digit.png"));
 */
export async function readPngGrey(path: string): Promise<GreyImage> {
  const bytes = await readFile(path);
  let png;
  try {
    png = PNG.sync.read(bytes);
  } catch (e) {
    throw new Error(`${path}: not a readable PNG image (${(e as Error).message})`);
  }
  return rgbaToGrey(png.data, png.width, png.height);
}
