// createWebGpuBackend in a fresh Node process, run from the sources: the process exits by itself
// right after dispose(), and where WebGPU cannot start the error says what to install.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

/** The workspace's hooks that let a plain `node` import the TypeScript sources, as vitest's aliases do. */
const HOOKS = new URL("../../backend-wasm/scripts/ts-source-hooks.mjs", import.meta.url).href;
const ENTRY = new URL("./index.ts", import.meta.url).href;

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
  exitedAt: number;
}

/** Runs `body` (ESM, with createWebGpuBackend in scope) in a new Node process after the `preamble` hooks are registered. */
async function runNode(body: string, env: NodeJS.ProcessEnv = process.env, preamble = ""): Promise<Exit> {
  const script = `
    import { register } from "node:module";
    register(${JSON.stringify(HOOKS)});
    ${preamble}
    const { createWebGpuBackend } = await import(${JSON.stringify(ENTRY)});
    ${body}
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"], env });
  let stdout = "", stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { code, stdout, stderr, exitedAt: Date.now() };
}

describe("in a Node process", () => {
  it("exits by itself right after dispose(), with reads and kernels done", async () => {
    const exit = await runNode(`
      const be = await createWebGpuBackend();
      const [a, out] = [be.alloc(64 * 64), be.alloc(64 * 64)];
      be.write(a, new Float32Array(64 * 64).fill(1));
      be.matmul(a, a, out, { m: 64, n: 64, k: 64 });
      const got = await be.read(out);
      if (!got.every((v) => v === 64)) throw new Error("wrong product");
      be.matmul(a, a, out, { m: 64, n: 64, k: 64 }); // work still queued at dispose
      be.dispose();
      console.log("disposed", Date.now());
    `);
    expect(exit.code, exit.stderr).toBe(0);
    const disposedAt = Number(/disposed (\d+)/.exec(exit.stdout)?.[1]);
    expect(exit.exitedAt - disposedAt).toBeLessThan(3_000);
  });

  it("without a Vulkan driver, says there is no adapter and how to get software Vulkan", async () => {
    const env = { ...process.env, VK_DRIVER_FILES: "/nonexistent/icd.json", VK_ICD_FILENAMES: "/nonexistent/icd.json" };
    const exit = await runNode("await createWebGpuBackend();", env);
    expect(exit.code).not.toBe(0);
    expect(exit.stderr).toMatch(/createWebGpuBackend: no WebGPU adapter: Dawn found no usable GPU driver/);
    expect(exit.stderr).toMatch(/scripts\/setup-lavapipe\.sh/);
  });

  it("without the webgpu package, says to install it", async () => {
    // a resolve hook that behaves as if the package were not installed
    const missing = `data:text/javascript,${encodeURIComponent(
      'export async function resolve(s, c, next) { if (s === "webgpu") throw new Error("Cannot find package webgpu"); return next(s, c); }',
    )}`;
    const exit = await runNode("await createWebGpuBackend();", process.env, `register(${JSON.stringify(missing)});`);
    expect(exit.code).not.toBe(0);
    expect(exit.stderr).toMatch(/WebGPU in Node needs the npm package webgpu .*: npm i webgpu \(importing it failed: Cannot find package webgpu\)/);
  });
});
