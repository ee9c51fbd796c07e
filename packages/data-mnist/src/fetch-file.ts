import { DataFileError } from "./data-file-error.js";

/**
 * How far one file's download has come; `total` is null when the server sends no length.
 *
 * @example
 * const onProgress = (p: DownloadProgress) => console.log(`${p.file}: ${p.loaded} of ${p.total ?? "?"} bytes`);
 */
export interface DownloadProgress {
  file: string;
  loaded: number;
  total: number | null;
}

/**
 * The part of `fetch` the loaders use; pass your own to add headers or credentials.
 *
 * @example
 * const withAuth: FetchLike = (url) => fetch(url, { headers: { authorization: token } });
 */
export type FetchLike = (url: string) => Promise<Response>;

/**
 * Options of a download.
 *
 * @example
 * const opts: StreamOptions = { fetch: withAuth, onProgress: (p) => bar.set(p.loaded / (p.total ?? 1)) };
 */
export interface StreamOptions {
  fetch?: FetchLike;
  onProgress?: (progress: DownloadProgress) => void;
}

/**
 * `base` + `name` with exactly one slash between them.
 *
 * @example
 * fileUrl("/data/mnist", "t10k-labels-idx1-ubyte.gz"); // "/data/mnist/t10k-labels-idx1-ubyte.gz"
 */
export function fileUrl(base: string, name: string): string {
  return base.endsWith("/") ? base + name : `${base}/${name}`;
}

/**
 * GETs `url` and hands its body to `onChunk` piece by piece, reporting progress as `file`. A
 * server that cannot be reached, an HTTP error and a body that breaks off each raise a
 * DataFileError naming the URL. Returns the number of bytes received.
 *
 * @example
 * await streamUrl(url, "t10k-labels-idx1-ubyte.gz", (chunk) => parts.push(chunk));
 */
export async function streamUrl(
  url: string,
  file: string,
  onChunk: (chunk: Uint8Array) => void | Promise<void>,
  options: StreamOptions = {},
): Promise<number> {
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url);
  } catch (e) {
    throw new DataFileError(url, `cannot reach the server (${causeOf(e)}); check the network connection and the URL`);
  }
  if (!response.ok || !response.body) throw new DataFileError(url, `the server answered HTTP ${response.status} ${response.statusText}`.trimEnd());
  // With a Content-Encoding (a server gzipping raw IDX files on the fly), fetch hands over the
  // decoded body while Content-Length counts the encoded bytes, so the length says nothing about it.
  const length = response.headers.get("content-length");
  const encoded = (response.headers.get("content-encoding") ?? "identity") !== "identity";
  const total = length === null || encoded ? null : Number(length);
  const reader = response.body.getReader();
  let loaded = 0;
  options.onProgress?.({ file, loaded, total });
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch (e) {
      throw new DataFileError(url, `the download broke off after ${loaded} bytes (${causeOf(e)})`);
    }
    if (next.done) break;
    await onChunk(next.value);
    loaded += next.value.length;
    options.onProgress?.({ file, loaded, total });
  }
  if (total !== null && loaded !== total) throw new DataFileError(url, `the download broke off after ${loaded} of ${total} bytes`);
  return loaded;
}

// fetch() in Node reports "fetch failed" and keeps the useful part (ECONNREFUSED, ENOTFOUND…) in `cause`.
function causeOf(e: unknown): string {
  const cause = (e as { cause?: { message?: string } }).cause;
  return cause?.message ?? (e as Error).message ?? String(e);
}

/**
 * The whole body of `url` as bytes, with the errors and progress of {@link streamUrl}.
 *
 * @example
 * const bytes = await fetchBytes("/data/mnist/t10k-labels-idx1-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
 */
export async function fetchBytes(url: string, file: string, options: StreamOptions = {}): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const length = await streamUrl(url, file, (chunk) => void parts.push(chunk), options);
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}
