import { describe, expect, it } from "vitest";
import { DataFileError } from "./data-file-error.js";
import { fetchBytes, fileUrl, type DownloadProgress, type FetchLike } from "./fetch-file.js";

describe("fetchBytes", () => {
  it("trusts no Content-Length when the body came with a Content-Encoding (fetch has already decoded it)", async () => {
    const body = Uint8Array.from({ length: 10 }, (_, i) => i);
    // What a server gzipping on the fly sends: the length of the 4 encoded bytes, the 10 decoded ones.
    const fetchGzipped = async () => new Response(body, { headers: { "content-length": "4", "content-encoding": "gzip" } });
    const progress: DownloadProgress[] = [];
    const bytes = await fetchBytes("http://example.test/t10k-labels-idx1-ubyte", "t10k-labels-idx1-ubyte", {
      fetch: fetchGzipped, onProgress: (p) => progress.push({ ...p }),
    });
    expect(Array.from(bytes)).toEqual(Array.from(body));
    expect(progress.at(-1)).toEqual({ file: "t10k-labels-idx1-ubyte", loaded: 10, total: null });
  });

  it("still reports a body shorter than its Content-Length as broken off", async () => {
    const fetchShort = async () => new Response(new Uint8Array(3), { headers: { "content-length": "8" } });
    await expect(fetchBytes("http://example.test/a.gz", "a.gz", { fetch: fetchShort })).rejects.toThrow(
      "http://example.test/a.gz: the download broke off after 3 of 8 bytes",
    );
  });
});

/** A body that hands out `pieces` and then, if `then` is "stall", never another byte; "endless" keeps going. */
function body(then: "stall" | "endless", pieces = 0): { stream: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let sent = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (then === "endless" || sent++ < pieces) controller.enqueue(new Uint8Array(1000));
      else return new Promise(() => {});
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}

describe("fetchBytes limits", () => {
  it("stops a body at maxBytes and closes it", async () => {
    const { stream, cancelled } = body("endless");
    const progress: DownloadProgress[] = [];
    await expect(
      fetchBytes("http://example.test/a.gz", "a.gz", { fetch: async () => new Response(stream), onProgress: (p) => progress.push({ ...p }) }, 10_500),
    ).rejects.toThrowError(new DataFileError("http://example.test/a.gz", "the body goes on past the 10500 bytes expected of a.gz; the download was stopped"));
    expect(cancelled()).toBe(true);
    expect(progress.at(-1)?.loaded).toBe(10_000);
  });

  it("takes a body of exactly maxBytes", async () => {
    const bytes = await fetchBytes("http://example.test/a.gz", "a.gz", { fetch: async () => new Response(new Uint8Array(1234).fill(9)) }, 1234);
    expect([bytes.length, bytes[1233]]).toEqual([1234, 9]);
  });

  it("has a default limit of 256 MiB", async () => {
    const announced = async () => new Response(new Uint8Array(1), { headers: { "content-length": String(2 ** 28 + 1) } });
    await expect(fetchBytes("http://example.test/a.gz", "a.gz", { fetch: announced })).rejects.toThrow(
      "the server announces 268435457 bytes, more than the 268435456 expected of a.gz; nothing was downloaded",
    );
  });

  it("gives up on a body that stalls, and closes it", async () => {
    const { stream, cancelled } = body("stall", 3);
    await expect(fetchBytes("http://example.test/a.gz", "a.gz", { fetch: async () => new Response(stream), idleTimeoutMs: 50 })).rejects.toThrowError(
      new DataFileError("http://example.test/a.gz", "no data came after 3000 bytes in 50 ms (idleTimeoutMs); gave up"),
    );
    expect(cancelled()).toBe(true);
  });

  it("gives up on a server that never answers, and aborts the request", async () => {
    let signal: AbortSignal | undefined;
    const mute: FetchLike = (_, init) => {
      signal = init?.signal;
      return new Promise(() => {});
    };
    await expect(fetchBytes("http://example.test/a.gz", "a.gz", { fetch: mute, idleTimeoutMs: 50 })).rejects.toThrow(
      "http://example.test/a.gz: the server did not answer in 50 ms (idleTimeoutMs); gave up",
    );
    expect(signal?.aborted).toBe(true);
  });

  it("refuses an idle timeout that is not a positive number", async () => {
    await expect(fetchBytes("http://example.test/a.gz", "a.gz", { idleTimeoutMs: 0 })).rejects.toThrowError(
      new RangeError("http://example.test/a.gz: idleTimeoutMs must be a positive number of milliseconds, got 0"),
    );
  });
});

describe("fileUrl", () => {
  it("joins with exactly one slash", () => {
    expect(fileUrl("/data/mnist", "a.gz")).toBe("/data/mnist/a.gz");
    expect(fileUrl("/data/mnist/", "a.gz")).toBe("/data/mnist/a.gz");
  });
});
