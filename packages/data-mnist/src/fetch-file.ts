import { concat } from "./concat.js";
import { DataFileError } from "./data-file-error.js";
import { DEFAULT_MAX_IDX_BYTES } from "./idx-limits.js";

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
 * The part of `fetch` the loaders use; pass your own to add headers or credentials. `init.signal`
 * aborts a download that went idle: pass it on to `fetch`.
 *
 * @example
 * const withAuth: FetchLike = (url, init) => fetch(url, { ...init, headers: { authorization: token } });
 */
export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

/**
 * Options of a download.
 *
 * @example
 * const opts: StreamOptions = { fetch: withAuth, idleTimeoutMs: 10_000, onProgress: (p) => bar.set(p.loaded / (p.total ?? 1)) };
 */
export interface StreamOptions {
  fetch?: FetchLike;
  onProgress?: (progress: DownloadProgress) => void;
  /** How long to wait for the server's answer or the next piece of the body before giving up (default 30 s). */
  idleTimeoutMs?: number;
}

// Long enough for a slow mobile link between two packets, short enough that a dead server is noticed.
const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

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
 * server that cannot be reached, an HTTP error, a body that breaks off, one longer than `maxBytes`
 * and a server that sends nothing for `idleTimeoutMs` each raise a DataFileError naming the URL;
 * the connection is then closed. Returns the number of bytes received.
 *
 * @example
 * await streamUrl(url, "t10k-labels-idx1-ubyte.gz", (chunk) => parts.push(chunk), {}, 10_000_000);
 */
export async function streamUrl(
  url: string,
  file: string,
  onChunk: (chunk: Uint8Array) => void | Promise<void>,
  options: StreamOptions,
  maxBytes: number,
): Promise<number> {
  const idleMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  if (!(idleMs > 0)) throw new RangeError(`${url}: idleTimeoutMs must be a positive number of milliseconds, got ${idleMs}`);
  const abort = new AbortController();
  const idle = (what: string) => new DataFileError(url, `${what} in ${idleMs} ms (idleTimeoutMs); gave up`);
  let response: Response;
  try {
    response = await withinIdle((options.fetch ?? fetch)(url, { signal: abort.signal }), idleMs, () => idle("the server did not answer"));
  } catch (e) {
    abort.abort();
    if (e instanceof DataFileError) throw e;
    throw new DataFileError(url, `cannot reach the server (${causeOf(e)}); check the network connection and the URL`);
  }
  if (!response.ok || !response.body) {
    abort.abort();
    throw new DataFileError(url, `the server answered HTTP ${response.status} ${response.statusText}`.trimEnd());
  }
  // With a Content-Encoding (a server gzipping raw IDX files on the fly), fetch hands over the
  // decoded body while Content-Length counts the encoded bytes, so the length says nothing about it.
  const length = response.headers.get("content-length");
  const encoded = (response.headers.get("content-encoding") ?? "identity") !== "identity";
  const total = length === null || encoded ? null : Number(length);
  const reader = response.body.getReader();
  let loaded = 0;
  try {
    if (total !== null && total > maxBytes) {
      throw new DataFileError(url, `the server announces ${total} bytes, more than the ${maxBytes} expected of ${file}; nothing was downloaded`);
    }
    options.onProgress?.({ file, loaded, total });
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await withinIdle(reader.read(), idleMs, () => idle(`no data came after ${loaded} bytes`));
      } catch (e) {
        if (e instanceof DataFileError) throw e;
        throw new DataFileError(url, `the download broke off after ${loaded} bytes (${causeOf(e)})`);
      }
      if (next.done) break;
      if (loaded + next.value.length > maxBytes) {
        throw new DataFileError(url, `the body goes on past the ${maxBytes} bytes expected of ${file}; the download was stopped`);
      }
      await onChunk(next.value);
      loaded += next.value.length;
      options.onProgress?.({ file, loaded, total });
    }
  } catch (e) {
    abort.abort();
    await reader.cancel().catch(() => {});
    throw e;
  }
  if (total !== null && loaded !== total) throw new DataFileError(url, `the download broke off after ${loaded} of ${total} bytes`);
  return loaded;
}

/** `promise`, or the error `timeout()` once `ms` pass first. */
async function withinIdle<T>(promise: Promise<T>, ms: number, timeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeout()), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

// fetch() in Node reports "fetch failed" and keeps the useful part (ECONNREFUSED, ENOTFOUND…) in `cause`.
function causeOf(e: unknown): string {
  const cause = (e as { cause?: { message?: string } }).cause;
  return cause?.message ?? (e as Error).message ?? String(e);
}

/**
 * The whole body of `url` as bytes. A server that cannot be reached, an HTTP error, a body that
 * breaks off or goes on past `maxBytes` (default 256 MiB), and a server that sends nothing for
 * `idleTimeoutMs` each raise a DataFileError naming the URL; `onProgress` reports the bytes so far.
 *
 * @example
 * const bytes = await fetchBytes("/data/mnist/t10k-labels-idx1-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
 */
export async function fetchBytes(url: string, file: string, options: StreamOptions = {}, maxBytes = DEFAULT_MAX_IDX_BYTES): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const length = await streamUrl(url, file, (chunk) => void parts.push(chunk), options, maxBytes);
  return concat(parts, length);
}
