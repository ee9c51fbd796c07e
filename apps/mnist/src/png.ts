import { readFile } from "node:fs/promises";
import { PNG } from "pngjs";
import { rgbaToGrey, type GreyImage } from "@chainrule/data-mnist";
import { CliError } from "./errors.js";
import { fileProblem } from "./error-line.js";

/** The eight bytes every PNG file starts with. */
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Reads a PNG of any size and colour type as grey levels in [0, 1] (transparency over white).
 * A file that is missing or not a readable PNG gives a {@link CliError} naming it.
 *
 * @example
 * const x = prepareDigit(await readPngGrey("digit.png"));
 */
export async function readPngGrey(path: string): Promise<GreyImage> {
  const bytes = await readFile(path).catch((e: unknown) => {
    throw new CliError(`${path}: ${fileProblem(e)}`, { cause: e });
  });
  if (!SIGNATURE.equals(bytes.subarray(0, 8))) throw new CliError(`${path}: not a PNG image (it lacks the PNG signature); save or convert it as PNG`);
  let png;
  try {
    png = PNG.sync.read(bytes);
  } catch (e) {
    // pngjs's own words ("There are some read requests waitng on finished stream") mean a cut-off file.
    throw new CliError(`${path}: the PNG is damaged or cut short and cannot be decoded; save it again as PNG`, { cause: e });
  }
  return rgbaToGrey(png.data, png.width, png.height);
}
