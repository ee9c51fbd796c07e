import { FASHION_MNIST, MNIST, maxDownloadBytes, type DatasetSpec } from "./datasets.js";
import { fetchBytes, fileUrl, type StreamOptions } from "./fetch-file.js";
import { dataFromBytes } from "./from-bytes.js";
import { MNIST_FILE_KEYS, MNIST_FILE_NAMES, perFile } from "./mnist-files.js";
import type { MnistData } from "./mnist-data.js";

/**
 * Options of {@link fetchMnist} and {@link fetchFashionMnist}.
 *
 * @example
 * await fetchMnist("/data/mnist/", { suffix: "", onProgress: console.log } satisfies FetchMnistOptions);
 */
export interface FetchMnistOptions extends StreamOptions {
  /** Appended to each standard file name (default ".gz"; "" for raw files). */
  suffix?: string;
}

async function fetchData(url: string, spec: DatasetSpec, options: FetchMnistOptions): Promise<MnistData> {
  const names = perFile((key) => MNIST_FILE_NAMES[key] + (options.suffix ?? ".gz"));
  const urls = perFile((key) => fileUrl(url, names[key]));
  const files = perFile((): Uint8Array => new Uint8Array(0));
  // One file after another, so progress reads as one download at a time.
  for (const key of MNIST_FILE_KEYS) files[key] = await fetchBytes(urls[key], names[key], options, maxDownloadBytes(key));
  return dataFromBytes(files, spec, urls);
}

/**
 * Fetches MNIST's four files from `url` (a folder on a server, e.g. the playground's own) and
 * decodes them; works in browsers and Node. Nothing is cached: in Node prefer `loadMnist`.
 *
 * @example
 * const { train, test } = await fetchMnist("/data/mnist/", { onProgress: (p) => console.log(p.file, p.loaded) });
 */
export function fetchMnist(url: string, options: FetchMnistOptions = {}): Promise<MnistData> {
  return fetchData(url, MNIST, options);
}

/**
 * Fetches Fashion-MNIST's four files from `url` and decodes them; works in browsers and Node.
 *
 * @example
 * const { train } = await fetchFashionMnist("/data/fashion-mnist/");
 */
export function fetchFashionMnist(url: string, options: FetchMnistOptions = {}): Promise<MnistData> {
  return fetchData(url, FASHION_MNIST, options);
}
