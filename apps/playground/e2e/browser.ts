import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

/** Debian's chromium; the test never downloads a browser. */
export const CHROMIUM = "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Containers often give /dev/shm only 64 MB, too little for chromium's shared memory.
  "--disable-dev-shm-usage",
];

/** WebGPU, which headless chromium on Linux keeps off; without a GPU it runs on SwiftShader (the CPU). */
const WEBGPU = "--enable-unsafe-webgpu";

/** A browser with a fresh profile, and how to close it and delete the profile. */
export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches the system chromium headless with a new temporary profile, with WebGPU unless `webgpu` is false.
 *
 * @example
 * const browser = await launchChromium(); const page = await browser.context.newPage();
 */
export async function launchChromium({ webgpu = true }: { webgpu?: boolean } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "chainrule-e2e-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: webgpu ? [...ARGS, WEBGPU] : ARGS,
      viewport: { width: 1280, height: 1000 },
      acceptDownloads: true,
      timeout: 30_000,
    });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw new Error(`could not start ${CHROMIUM} (install it with \`apt-get install -y chromium\`): ${(e as Error).message}`);
  }
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
