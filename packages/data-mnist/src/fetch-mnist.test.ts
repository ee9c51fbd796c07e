import { afterEach, describe, expect, it } from "vitest";
import type { DownloadProgress } from "./fetch-file.js";
import { fetchFashionMnist, fetchMnist } from "./fetch-mnist.js";
import { closedPortUrl, endless, gzByName, serve, serveWith, synthetic, type TestServer } from "./test-fixtures.js";

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe("fetchMnist", () => {
  it("fetches the four .gz files from a base URL and reports progress", async () => {
    const set = synthetic(9, 4, 1);
    server = await serve(gzByName(set));
    const progress: DownloadProgress[] = [];
    const { train, test } = await fetchMnist(server.url.slice(0, -1), { onProgress: (p) => progress.push({ ...p }) });
    expect(train.images).toEqual(set.trainImages);
    expect(test.labels).toEqual(set.testLabels);
    expect(server.requests).toEqual(["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]);
    const last = progress.filter((p) => p.file === "t10k-labels-idx1-ubyte.gz").at(-1);
    expect(last).toEqual({ file: "t10k-labels-idx1-ubyte.gz", loaded: set.gz.testLabels.length, total: set.gz.testLabels.length });
    expect(progress[0]).toEqual({ file: "train-images-idx3-ubyte.gz", loaded: 0, total: set.gz.trainImages.length });
  });

  it("fetches raw files with suffix ''", async () => {
    const set = synthetic(3, 2, 2);
    server = await serve({
      "train-images-idx3-ubyte": set.raw.trainImages,
      "train-labels-idx1-ubyte": set.raw.trainLabels,
      "t10k-images-idx3-ubyte": set.raw.testImages,
      "t10k-labels-idx1-ubyte": set.raw.testLabels,
    });
    const { train } = await fetchFashionMnist(server.url, { suffix: "" });
    expect(train.labels).toEqual(set.trainLabels);
  });

  it("names the URL of a missing file", async () => {
    const set = synthetic(3, 2, 2);
    const files = gzByName(set);
    delete files["t10k-images-idx3-ubyte.gz"];
    server = await serve(files);
    await expect(fetchMnist(server.url)).rejects.toThrow(`${server.url}t10k-images-idx3-ubyte.gz: the server answered HTTP 404 Not Found`);
  });

  it("says when the server cannot be reached", async () => {
    const url = await closedPortUrl();
    await expect(fetchMnist(url)).rejects.toThrow(
      new RegExp(`^${url}train-images-idx3-ubyte\\.gz: cannot reach the server \\(connect ECONNREFUSED .*\\); check the network connection and the URL$`),
    );
  });

  it("says when a download breaks off", async () => {
    const set = synthetic(30, 4, 2);
    server = await serve(gzByName(set), "train-images-idx3-ubyte.gz");
    await expect(fetchMnist(server.url)).rejects.toThrow(/train-images-idx3-ubyte\.gz: the download broke off after \d+/);
  });

  it("stops a body that goes on past what gzip makes of the real file", async () => {
    server = await serveWith((_, res) => endless(res));
    await expect(fetchMnist(server.url)).rejects.toThrow(
      `${server.url}train-images-idx3-ubyte.gz: the body goes on past the 47086977 bytes expected of train-images-idx3-ubyte.gz; the download was stopped`,
    );
  });

  it("gives up on a server that stops sending after idleTimeoutMs", async () => {
    server = await serveWith((_, res) => void res.writeHead(200).write(new Uint8Array(10)));
    await expect(fetchMnist(server.url, { idleTimeoutMs: 100 })).rejects.toThrow(
      `${server.url}train-images-idx3-ubyte.gz: no data came after 10 bytes in 100 ms (idleTimeoutMs); gave up`,
    );
  });
});
