import { describe, expect, it } from "vitest";
import { fetchBytes, fileUrl, type DownloadProgress } from "./fetch-file.js";

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

describe("fileUrl", () => {
  it("joins with exactly one slash", () => {
    expect(fileUrl("/data/mnist", "a.gz")).toBe("/data/mnist/a.gz");
    expect(fileUrl("/data/mnist/", "a.gz")).toBe("/data/mnist/a.gz");
  });
});
