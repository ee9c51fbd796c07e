// Shared by the tests only: the CLI bundled from source and run as a real process, and a tiny
// MNIST-shaped data set so a whole run takes a fraction of a second.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "tsup";
import { sourcesPlugin } from "../../../vitest.shared.js";

const appDir = fileURLToPath(new URL("..", import.meta.url));

/**
 * Bundles src/cli.ts with every @chainrule package taken from source (as the tests see them), into
 * a folder under the app's node_modules so the app's own dependencies (pngjs, cli-progress) resolve.
 * Returns the script's path and a function that removes it.
 */
export async function bundleCli(): Promise<{ script: string; remove: () => void }> {
  const cache = join(appDir, "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  const outDir = mkdtempSync(join(cache, "cli-test-"));
  await build({
    entry: { cli: join(appDir, "src", "cli.ts") },
    outDir,
    format: ["esm"],
    platform: "node",
    target: "node20",
    config: false,
    silent: true,
    noExternal: [/^@chainrule\//],
    esbuildPlugins: [sourcesPlugin],
  });
  return { script: join(outDir, "cli.js"), remove: () => rmSync(outDir, { recursive: true, force: true }) };
}

/** What a finished CLI process left. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from start to exit. */
  ms: number;
}

/** Options of {@link runCli}. */
export interface RunOptions {
  cwd?: string;
  /** Killed (SIGKILL) after this long; the run then reports signal SIGKILL. */
  timeoutMs?: number;
  /** Called with all stdout so far after each chunk, to act on the process mid-run (send signals). */
  onStdout?: (stdout: string, child: ChildProcess) => void;
  /** Variables added to this process's environment. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs the bundled CLI with `args` and collects its output and exit code.
 *
 * @example
 * const run = await runCli(script, ["--help"]); run.code; // 0
 */
export function runCli(script: string, args: string[], opts: RunOptions = {}): Promise<CliRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [script, ...args], { cwd: opts.cwd, env: { ...process.env, NO_COLOR: "1", ...opts.env } });
  let stdout = "";
  let stderr = "";
  const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 60_000);
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    opts.onStdout?.(stdout, child);
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** An IDX file of unsigned bytes: magic 0x0000 08 rank, the dimensions big-endian, then the bytes. */
function idx(shape: number[], values: Uint8Array): Uint8Array {
  const header = new DataView(new ArrayBuffer(4 + 4 * shape.length));
  header.setUint8(2, 0x08);
  header.setUint8(3, shape.length);
  shape.forEach((d, i) => header.setUint32(4 + 4 * i, d));
  return Buffer.concat([new Uint8Array(header.buffer), values]);
}

/**
 * A folder of the four MNIST files (for `--data-dir`) holding `train` and `test` random images
 * with random labels.
 *
 * @example
 * const dir = tinyMnist(64, 32); await runCli(script, ["--data-dir", dir, "--epochs", "1"]);
 */
export function tinyMnist(train: number, test: number): string {
  const dir = mkdtempSync(join(appDir, "node_modules", ".cache", "tiny-mnist-"));
  let seed = 1;
  // A linear congruential generator: any bytes will do, the same ones every run.
  const bytes = (n: number, mod: number) => Uint8Array.from({ length: n }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) % mod);
  writeFileSync(join(dir, "train-images-idx3-ubyte"), idx([train, 28, 28], bytes(train * 784, 256)));
  writeFileSync(join(dir, "train-labels-idx1-ubyte"), idx([train], bytes(train, 10)));
  writeFileSync(join(dir, "t10k-images-idx3-ubyte"), idx([test, 28, 28], bytes(test * 784, 256)));
  writeFileSync(join(dir, "t10k-labels-idx1-ubyte"), idx([test], bytes(test, 10)));
  return dir;
}
