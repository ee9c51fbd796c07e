import { FASHION_MNIST_SHA256, MNIST_SHA256, type MnistFileKey } from "./mnist-files.js";
import { MNIST_STATS, type PixelStats } from "./pixel-stats.js";

/** What tells MNIST and Fashion-MNIST apart: same format and file names, other bytes. */
export interface DatasetSpec {
  readonly sha256: Readonly<Record<MnistFileKey, string>>;
  /** Normalisation statistics; when absent they are computed from the training images. */
  readonly stats?: PixelStats;
}

export const MNIST: DatasetSpec = { sha256: MNIST_SHA256, stats: MNIST_STATS };

// No published statistics are checked in here for Fashion-MNIST: they come from its own pixels at load time.
export const FASHION_MNIST: DatasetSpec = { sha256: FASHION_MNIST_SHA256 };
