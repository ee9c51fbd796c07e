import type { IdxLimits } from "./idx-limits.js";
import { FASHION_MNIST_SHA256, MNIST_SHA256, perFile, type MnistFileKey } from "./mnist-files.js";
import { MNIST_STATS, type PixelStats } from "./pixel-stats.js";

/** What tells MNIST and Fashion-MNIST apart: same format and file names, other bytes. */
export interface DatasetSpec {
  readonly sha256: Readonly<Record<MnistFileKey, string>>;
  /** Size of each published `.gz` file, whose SHA-256 is `sha256`. */
  readonly gzBytes: Readonly<Record<MnistFileKey, number>>;
  /** Normalisation statistics; when absent they are computed from the training images. */
  readonly stats?: PixelStats;
}

// Sizes as published beside the checksums (TensorFlow's download logs for MNIST, Zalando's README for Fashion-MNIST).
export const MNIST: DatasetSpec = {
  sha256: MNIST_SHA256,
  gzBytes: { trainImages: 9_912_422, trainLabels: 28_881, testImages: 1_648_877, testLabels: 4_542 },
  stats: MNIST_STATS,
};

// No published statistics are checked in here for Fashion-MNIST: they come from its own pixels at load time.
export const FASHION_MNIST: DatasetSpec = {
  sha256: FASHION_MNIST_SHA256,
  gzBytes: { trainImages: 26_421_880, trainLabels: 29_515, testImages: 4_422_102, testLabels: 5_148 },
};

/** Size of each decompressed file, the same in both data sets: 60,000 and 10,000 images of 28×28 and their labels, with headers. */
const IDX_BYTES: Readonly<Record<MnistFileKey, number>> = {
  trainImages: 16 + 60_000 * 28 * 28,
  trainLabels: 8 + 60_000,
  testImages: 16 + 10_000 * 28 * 28,
  testLabels: 8 + 10_000,
};

/**
 * What the loaders accept from each file before decompressing it: ubyte images of rank 3 or labels
 * of rank 1, no larger than the real file (smaller sets and other image sizes pass).
 */
export const IDX_LIMITS: Readonly<Record<MnistFileKey, IdxLimits>> = perFile((key) => ({
  type: "ubyte",
  shape: key.endsWith("Images") ? [null, null, null] : [null],
  maxBytes: IDX_BYTES[key],
}));

/**
 * The most bytes a server may send for `key` when the exact file is not known (a mirror, raw files):
 * what gzip makes of the real file in the worst case (stored blocks: 5 bytes per block of up to
 * 64 KiB, plus header and trailer), with room to spare; a raw file is smaller still.
 */
export function maxDownloadBytes(key: MnistFileKey): number {
  return IDX_BYTES[key] + (IDX_BYTES[key] >> 10) + 1024;
}
