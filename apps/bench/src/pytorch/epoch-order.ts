import { MnistSplit } from "@chainrule/data-mnist";
import { JsBackend } from "@chainrule/tensor";

/** Pixels per stand-in image: three bytes spell any index below 2^24. */
const DIGITS = 3;

/**
 * The order in which the bench's Batcher (`shuffle: true`, `seed`) visits the `size` examples of
 * its first epoch, as indices. It is read off a Batcher itself, run over stand-in images that spell
 * out their own index in base 256 (pixel p of image i is byte p of i, and "unit" normalisation
 * makes it p/255), so it is the Batcher's order by construction, whatever its shuffle does.
 *
 * @example
 * epochOrder(60000, 42); // Int32Array [i0, i1, ...]: the first batch holds examples i0, i1, ...
 */
export function epochOrder(size: number, seed: number): Int32Array {
  if (size >= 2 ** (8 * DIGITS)) throw new RangeError(`epochOrder: ${size} examples need more than ${DIGITS} bytes per index`);
  const images = new Uint8Array(size * DIGITS);
  for (let i = 0; i < size; i++) for (let p = 0; p < DIGITS; p++) images[i * DIGITS + p] = (i >>> (8 * p)) & 255;
  const split = new MnistSplit({ images, labels: new Uint8Array(size), rows: 1, cols: DIGITS });
  const order = new Int32Array(size);
  let k = 0;
  for (const { x, size: count } of split.batches(1024, { shuffle: true, seed, backend: new JsBackend() })) {
    const v = x.dataSync();
    for (let b = 0; b < count; b++) {
      let index = 0;
      for (let p = 0; p < DIGITS; p++) index += Math.round(v[b * DIGITS + p] * 255) * 2 ** (8 * p);
      order[k++] = index;
    }
  }
  return order;
}
