import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createServer } from "vite";
import { describe, expect, it } from "vitest";
import { freePort } from "../e2e/preview-server.js";
import { mnistDataDir } from "./mnist-files.js";

const APP = join(dirname(fileURLToPath(import.meta.url)), "..");

describe("the mnist-files plugin in the dev server", () => {
  it("serves a file gzip-encoded, byte for byte once decoded, with the isolation headers", async () => {
    const port = await freePort();
    const server = await createServer({ root: APP, configFile: join(APP, "vite.config.ts"), logLevel: "silent", server: { host: "127.0.0.1", port, strictPort: true } });
    await server.listen();
    try {
      const res = await fetch(`http://127.0.0.1:${port}/mnist/t10k-labels-idx1-ubyte.gz`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-encoding")).toBe("gzip");
      expect(res.headers.get("cross-origin-embedder-policy")).toBe("require-corp");
      expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
      // fetch decompresses a content-encoded body, as the browser does.
      const served = Buffer.from(await res.arrayBuffer());
      expect(served.equals(readFileSync(join(mnistDataDir(), "t10k-labels-idx1-ubyte")))).toBe(true);
    } finally {
      await server.close();
    }
  });
});
