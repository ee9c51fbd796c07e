import { DataFileError } from "./data-file-error.js";
import type { IdxArray } from "./idx.js";
import { MNIST_FILE_KEYS, type MnistFileKey } from "./mnist-files.js";
import { MnistSplit } from "./mnist-split.js";
import { pixelStats, type PixelStats } from "./pixel-stats.js";

/**
 * A data set: its training and test splits.
 *
 * @example
 * const { train, test }: MnistData = await loadMnist();
 */
export interface MnistData {
  train: MnistSplit;
  test: MnistSplit;
}

/** MNIST and Fashion-MNIST both have ten classes. */
const CLASSES = 10;

/**
 * Checks four decoded IDX files and makes the train and test splits. `names` says what to call
 * each file in errors; `stats` defaults to the training pixels' own statistics.
 *
 * @example
 * const { train, test } = mnistFromIdx(decoded, MNIST_FILE_NAMES, MNIST_STATS);
 */
export function mnistFromIdx(files: Record<MnistFileKey, IdxArray>, names: Record<MnistFileKey, string>, stats?: PixelStats): MnistData {
  for (const key of MNIST_FILE_KEYS) {
    const { type, shape } = files[key];
    const rank = key.endsWith("Images") ? 3 : 1;
    if (type !== "ubyte" || shape.length !== rank) {
      const want = rank === 3 ? "ubyte images of rank 3 [count, rows, cols]" : "ubyte labels of rank 1 [count]";
      throw new DataFileError(names[key], `expected ${want}, got ${type} values of shape [${shape.join(", ")}]`);
    }
  }
  const [, rows, cols] = files.trainImages.shape;
  const [, testRows, testCols] = files.testImages.shape;
  if (testRows !== rows || testCols !== cols) {
    throw new DataFileError(names.testImages, `images are ${testRows}×${testCols} but the training images (${names.trainImages}) are ${rows}×${cols}`);
  }
  // Both splits are normalised with the training statistics, as a model sees them in training.
  const trainStats = stats ?? pixelStats(files.trainImages.data as Uint8Array);
  const make = (images: MnistFileKey, labels: MnistFileKey): MnistSplit => {
    const count = files[images].shape[0];
    const labelData = files[labels].data as Uint8Array;
    if (labelData.length !== count) {
      throw new DataFileError(names[labels], `has ${labelData.length} labels but ${names[images]} has ${count} images`);
    }
    const bad = labelData.findIndex((l) => l >= CLASSES);
    if (bad >= 0) throw new DataFileError(names[labels], `label ${labelData[bad]} at index ${bad} is outside 0–${CLASSES - 1}`);
    return new MnistSplit({ images: files[images].data as Uint8Array, labels: labelData, rows, cols, stats: trainStats });
  };
  return { train: make("trainImages", "trainLabels"), test: make("testImages", "testLabels") };
}
