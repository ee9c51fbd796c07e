import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { preview, type PreviewServer } from "vite";

/**
 * A free TCP port on localhost, found by letting the OS pick one.
 *
 * @example
 * const port = await freePort();
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error("could not find a free port"))));
    });
  });
}

/** A running `vite preview` of the built app and how to stop it. */
export interface Preview {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the built page of the app in `root` with `vite preview` (COOP/COEP headers included) on a
 * free localhost port.
 *
 * @example
 * const server = await startPreview(appDir); await page.goto(server.url); await server.close();
 */
export async function startPreview(root: string): Promise<Preview> {
  if (!existsSync(join(root, "dist", "index.html"))) {
    throw new Error(`no built page in ${join(root, "dist")}: run \`vite build\` first (the test:e2e script does)`);
  }
  const port = await freePort();
  const server: PreviewServer = await preview({
    root,
    configFile: join(root, "vite.config.ts"),
    logLevel: "warn",
    preview: { host: "127.0.0.1", port, strictPort: true, open: false },
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => server.close(),
  };
}
