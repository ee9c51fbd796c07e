import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, open, readFile, rename, rm, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { DataFileError } from "../data-file-error.js";
import type { DatasetSpec } from "../datasets.js";
import { fileUrl, streamUrl, type StreamOptions } from "../fetch-file.js";
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
 * what is missing or wrong. Each download goes to a temporary file that is renamed into place only
 * once its checksum matches, so an interrupted or corrupt download leaves nothing behind.
 * Returns the path of each file.
 *
 * @example
 * const paths = await downloadToCache({ url: MNIST_URL, cacheDir: ".cache/mnist" }, MNIST);
 */
export async function downloadToCache(options: CacheOptions, spec: DatasetSpec): Promise<Record<MnistFileKey, string>> {
  await mkdir(options.cacheDir, { recursive: true });
  const paths = perFile((key) => join(options.cacheDir, `${MNIST_FILE_NAMES[key]}.gz`));
  for (const key of MNIST_FILE_KEYS) {
    const expected = (options.sha256?.[key] ?? spec.sha256[key]).toLowerCase();
    const name = `${MNIST_FILE_NAMES[key]}.gz`;
    if (existsSync(paths[key])) {
      const cached = await readFile(paths[key]);
      if (sha256(cached) === expected) {
        options.onProgress?.({ file: name, loaded: cached.length, total: cached.length });
        continue;
      }
    }
    await downloadFile(fileUrl(options.url, name), name, paths[key], expected, options);
  }
  return paths;
}

async function downloadFile(url: string, name: string, dest: string, expected: string, options: StreamOptions): Promise<void> {
  const temp = `${dest}.${process.pid}-${randomBytes(4).toString("hex")}.part`;
  let file: FileHandle | null = null;
  try {
    file = await open(temp, "w");
    const hash = createHash("sha256");
    const handle = file;
    await streamUrl(url, name, async (chunk) => {
      hash.update(chunk);
      await handle.write(chunk);
    }, options);
    await file.close();
    file = null;
    const actual = hash.digest("hex");
    if (actual !== expected) throw new DataFileError(url, `SHA-256 is ${actual} but ${expected} was expected; the download was discarded`);
    await rename(temp, dest);
  } catch (e) {
    await file?.close();
    await rm(temp, { force: true });
    throw e;
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
