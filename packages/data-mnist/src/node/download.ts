import { createHash } from "node:crypto";
import { mkdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "@chainrule/tensor/node";
import { DataFileError } from "../data-file-error.js";
import { maxDownloadBytes, type DatasetSpec } from "../datasets.js";
import { fetchBytes, fileUrl, type StreamOptions } from "../fetch-file.js";
import { MNIST_FILE_KEYS, MNIST_FILE_NAMES, perFile, type MnistFileKey } from "../mnist-files.js";

/**
 * Where to download the four `.gz` files from and where to keep them.
 *
 * @example
 * await loadMnist({ url: MNIST_URL, cacheDir: ".cache/mnist", sha256: { trainImages: "…" } } satisfies CacheOptions);
 */
export interface CacheOptions extends StreamOptions {
  /** The folder on the server that holds the four `.gz` files. */
  url: string;
  /** Local folder for the downloaded files; made if missing. A file already there with the right checksum is not fetched again. */
  cacheDir: string;
  /** SHA-256 (hex) of each `.gz` file, overriding the published ones (for a mirror that serves other bytes). */
  sha256?: Partial<Record<MnistFileKey, string>>;
}

/**
 * Makes sure the four `.gz` files are in the cache folder with the expected SHA-256, downloading
 * what is missing or wrong. A download is held in memory, no longer than the published file (or,
 * with checksums of your own, than any gzip of an MNIST-sized file), and written into place
 * atomically only once its checksum matches, so a failed, endless or corrupt download leaves
 * nothing behind. Returns the path of each file.
 *
 * @example
 * const paths = await downloadToCache({ url: MNIST_URL, cacheDir: ".cache/mnist" }, MNIST);
 */
export async function downloadToCache(options: CacheOptions, spec: DatasetSpec): Promise<Record<MnistFileKey, string>> {
  await mkdir(options.cacheDir, { recursive: true });
  const paths = perFile((key) => join(options.cacheDir, `${MNIST_FILE_NAMES[key]}.gz`));
  for (const key of MNIST_FILE_KEYS) {
    const expected = (options.sha256?.[key] ?? spec.sha256[key]).toLowerCase();
    // The published checksum pins the published file, whose size is known.
    const maxBytes = expected === spec.sha256[key] ? spec.gzBytes[key] : maxDownloadBytes(key);
    const name = `${MNIST_FILE_NAMES[key]}.gz`;
    const cached = await readCached(paths[key], maxBytes);
    if (cached && sha256(cached) === expected) {
      options.onProgress?.({ file: name, loaded: cached.length, total: cached.length });
      continue;
    }
    const url = fileUrl(options.url, name);
    const bytes = await fetchBytes(url, name, options, maxBytes);
    const actual = sha256(bytes);
    if (actual !== expected) throw new DataFileError(url, `SHA-256 is ${actual} but ${expected} was expected; the download was discarded`);
    await writeFileAtomic(paths[key], bytes);
  }
  return paths;
}

/** The cached file, unless it is missing or too large to be the one expected. */
async function readCached(path: string, maxBytes: number): Promise<Uint8Array | null> {
  const size = await stat(path).then((s) => s.size, () => null);
  return size !== null && size <= maxBytes ? readFile(path) : null;
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
