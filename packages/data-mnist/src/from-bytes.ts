import { FASHION_MNIST, IDX_LIMITS, MNIST, type DatasetSpec } from "./datasets.js";
import { MNIST_FILE_KEYS, MNIST_FILE_NAMES, perFile, type MnistFileKey } from "./mnist-files.js";
import { mnistFromIdx, type MnistData } from "./mnist-data.js";
import { readIdx } from "./read-idx.js";

/**
 * The bytes of the four files, each raw or gzip-compressed.
 *
 * @example
 * const files: MnistBytes = { trainImages, trainLabels, testImages, testLabels }; // ArrayBuffers or Uint8Arrays
 */
export type MnistBytes = Record<MnistFileKey, Uint8Array | ArrayBuffer>;

/** Decodes four files (gzip or raw) into splits; `names` label the files in errors. */
export async function dataFromBytes(files: MnistBytes, spec: DatasetSpec, names: Record<MnistFileKey, string> = MNIST_FILE_NAMES): Promise<MnistData> {
  const decoded = perFile((key) => readIdx(files[key], names[key], IDX_LIMITS[key]));
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(MNIST_FILE_KEYS.map((key) => decoded[key]));
  return mnistFromIdx({ trainImages, trainLabels, testImages, testLabels }, names, spec.stats);
}

/**
 * MNIST from the bytes of its four files (raw or `.gz`), e.g. from a file input or a fetch.
 * Works in browsers and Node.
 *
 * @example
 * const { train, test } = await mnistFromBytes({ trainImages, trainLabels, testImages, testLabels });
 */
export function mnistFromBytes(files: MnistBytes): Promise<MnistData> {
  return dataFromBytes(files, MNIST);
}

/**
 * Fashion-MNIST from the bytes of its four files (raw or `.gz`); "standard" normalisation uses the
 * statistics of its training pixels.
 *
 * @example
 * const { train } = await fashionMnistFromBytes({ trainImages, trainLabels, testImages, testLabels });
 */
export function fashionMnistFromBytes(files: MnistBytes): Promise<MnistData> {
  return dataFromBytes(files, FASHION_MNIST);
}
