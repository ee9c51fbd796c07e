import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { DataFileError } from "../data-file-error.js";
import type { DownloadProgress } from "../fetch-file.js";
import { MNIST_FILE_NAMES, perFile } from "../mnist-files.js";
import { closedPortUrl, endless, gzByName, serve, serveWith, synthetic, type TestServer } from "../test-fixtures.js";
import { loadFashionMnist, loadMnist } from "./load-mnist.js";

const root = mkdtempSync(join(tmpdir(), "mnist-cache-"));
let server: TestServer | null = null;
let cacheCount = 0;
afterEach(async () => {
  await server?.close();
  server = null;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const newCacheDir = () => join(root, `cache-${cacheCount++}`);
const set = synthetic(20, 6, 8);
const sha256 = perFile((key) => createHash("sha256").update(set.gz[key]).digest("hex"));
const gzNames = Object.values(MNIST_FILE_NAMES).map((n) => `${n}.gz`).sort();

describe("loadMnist({ url, cacheDir })", () => {
  it("downloads the four .gz files into the cache, checks them, reports progress, then reuses them", async () => {
    server = await serve(gzByName(set));
    const cacheDir = newCacheDir();
    const progress: DownloadProgress[] = [];
    const { train, test } = await loadMnist({ url: server.url, cacheDir, sha256, onProgress: (p) => progress.push({ ...p }) });
    expect(train.images).toEqual(set.trainImages);
    expect(test.labels).toEqual(set.testLabels);
    expect(readdirSync(cacheDir).sort()).toEqual(gzNames);
    expect(readFileSync(join(cacheDir, "train-labels-idx1-ubyte.gz"))).toEqual(Buffer.from(set.gz.trainLabels));
    for (const key of ["trainImages", "testLabels"] as const) {
      const file = `${MNIST_FILE_NAMES[key]}.gz`;
      const mine = progress.filter((p) => p.file === file);
      expect(mine[0]).toEqual({ file, loaded: 0, total: set.gz[key].length });
      expect(mine.at(-1)).toEqual({ file, loaded: set.gz[key].length, total: set.gz[key].length });
    }
    expect(server.requests.length).toBe(4);

    const again = await loadMnist({ url: server.url, cacheDir, sha256 });
    expect(again.train.labels).toEqual(set.trainLabels);
    expect(server.requests.length).toBe(4);
  });

  it("fetches again a cached file whose checksum is wrong", async () => {
    server = await serve(gzByName(set));
    const cacheDir = newCacheDir();
    await loadMnist({ url: server.url, cacheDir, sha256 });
    writeFileSync(join(cacheDir, "t10k-images-idx3-ubyte.gz"), "garbage");
    const { test } = await loadFashionMnist({ url: server.url, cacheDir, sha256 });
    expect(test.images).toEqual(set.testImages);
    expect(server.requests.slice(4)).toEqual(["t10k-images-idx3-ubyte.gz"]);
  });

  it("refuses a file whose SHA-256 differs and keeps nothing of it", async () => {
    server = await serve(gzByName(set));
    const cacheDir = newCacheDir();
    const wrong = "0".repeat(64);
    await expect(loadMnist({ url: server.url, cacheDir, sha256: { ...sha256, trainLabels: wrong } })).rejects.toThrow(
      `${server.url}train-labels-idx1-ubyte.gz: SHA-256 is ${sha256.trainLabels} but ${wrong} was expected; the download was discarded`,
    );
    expect(readdirSync(cacheDir)).toEqual(["train-images-idx3-ubyte.gz"]);
  });

  it("checks the published MNIST checksums by default", async () => {
    server = await serve(gzByName(set));
    const cacheDir = newCacheDir();
    await expect(loadMnist({ url: server.url, cacheDir })).rejects.toThrow(
      `train-images-idx3-ubyte.gz: SHA-256 is ${sha256.trainImages} but 440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609 was expected`,
    );
    await expect(loadFashionMnist({ url: server.url, cacheDir })).rejects.toThrow(
      "but 3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84 was expected",
    );
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it("leaves nothing behind when a download breaks off", async () => {
    server = await serve(gzByName(set), "t10k-images-idx3-ubyte.gz");
    const cacheDir = newCacheDir();
    await expect(loadMnist({ url: server.url, cacheDir, sha256 })).rejects.toThrow(
      new RegExp(`^${server.url}t10k-images-idx3-ubyte\\.gz: the download broke off after \\d+`),
    );
    expect(readdirSync(cacheDir).sort()).toEqual(["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"]);
  });

  it("says clearly when the server cannot be reached", async () => {
    const url = await closedPortUrl();
    const cacheDir = newCacheDir();
    await expect(loadMnist({ url, cacheDir, sha256 })).rejects.toThrow(
      new RegExp(`^${url}train-images-idx3-ubyte\\.gz: cannot reach the server \\(connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+\\); check the network connection and the URL$`),
    );
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it("stops a body that goes on past the published file's size, and keeps nothing of it", async () => {
    server = await serveWith((_, res) => endless(res));
    const cacheDir = newCacheDir();
    const progress: DownloadProgress[] = [];
    const start = performance.now();
    await expect(loadMnist({ url: server.url, cacheDir, onProgress: (p) => progress.push({ ...p }) })).rejects.toThrowError(
      new DataFileError(
        `${server.url}train-images-idx3-ubyte.gz`,
        "the body goes on past the 9912422 bytes expected of train-images-idx3-ubyte.gz; the download was stopped",
      ),
    );
    expect(performance.now() - start).toBeLessThan(10_000);
    expect(Math.max(...progress.map((p) => p.loaded))).toBeLessThanOrEqual(9_912_422);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it("caps a mirror's files, whose size is not published, at what gzip makes of the real file", async () => {
    server = await serveWith((_, res) => endless(res));
    const cacheDir = newCacheDir();
    // 47,040,016 bytes of pixels and header, plus gzip's worst-case overhead.
    await expect(loadMnist({ url: server.url, cacheDir, sha256 })).rejects.toThrow(
      `${server.url}train-images-idx3-ubyte.gz: the body goes on past the 47086977 bytes expected of train-images-idx3-ubyte.gz`,
    );
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it("refuses a body announced larger than the file without downloading it", async () => {
    server = await serveWith((_, res) => res.writeHead(200, { "content-length": 1e12 }).flushHeaders());
    const cacheDir = newCacheDir();
    await expect(loadMnist({ url: server.url, cacheDir })).rejects.toThrow(
      `${server.url}train-images-idx3-ubyte.gz: the server announces 1000000000000 bytes, more than the 9912422 expected of train-images-idx3-ubyte.gz; nothing was downloaded`,
    );
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it("gives up on a server that stops sending, or never answers, after idleTimeoutMs", async () => {
    server = await serveWith((req, res) => {
      if (req.url === "/train-images-idx3-ubyte.gz") res.writeHead(200).write(new Uint8Array(10)); // then nothing more
    });
    const cacheDir = newCacheDir();
    const start = performance.now();
    await expect(loadMnist({ url: server.url, cacheDir, sha256, idleTimeoutMs: 200 })).rejects.toThrowError(
      new DataFileError(`${server.url}train-images-idx3-ubyte.gz`, "no data came after 10 bytes in 200 ms (idleTimeoutMs); gave up"),
    );
    await expect(loadMnist({ url: `${server.url}mute/`, cacheDir, sha256, idleTimeoutMs: 200 })).rejects.toThrowError(
      new DataFileError(`${server.url}mute/train-images-idx3-ubyte.gz`, "the server did not answer in 200 ms (idleTimeoutMs); gave up"),
    );
    expect(performance.now() - start).toBeLessThan(5000);
    expect(readdirSync(cacheDir)).toEqual([]);
  });
});
