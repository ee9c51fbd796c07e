import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { removeStaleTemps, writeFileAtomic } from "./write-file-atomic.js";

const folder = () => mkdtemp(join(tmpdir(), "chainrule-atomic-"));

/** A pid that no process holds: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe("writeFileAtomic", () => {
  it("writes bytes and text, replacing an existing file, and leaves no temporary file", async () => {
    const dir = await folder();
    const path = join(dir, "model.safetensors");
    await writeFile(path, "old");
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect([...(await readFile(path))]).toEqual([1, 2, 3]);
    await writeFileAtomic(path, "text ✓");
    expect(await readFile(path, "utf8")).toBe("text ✓");
    expect(await readdir(dir)).toEqual(["model.safetensors"]);
  });

  it("names the target when the folder is missing, and leaves nothing behind", async () => {
    const dir = await folder();
    const path = join(dir, "missing", "run.json");
    const error = await writeFileAtomic(path, "{}").then(() => null, (e: NodeJS.ErrnoException) => e);
    expect(error?.message).toMatch(new RegExp(`^could not write ${path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: `));
    expect(error?.code).toBe("ENOENT");
    expect(await readdir(dir)).toEqual([]);
  });

  it("removes temporary files of killed writers, keeps those of running ones and other files", async () => {
    const dir = await folder();
    const path = join(dir, "model.safetensors");
    const stale = join(dir, `.model.safetensors.${deadPid()}.0badf00d.tmp`);
    const live = join(dir, `.model.safetensors.${process.ppid}.00c0ffee.tmp`);
    const other = join(dir, `.other.safetensors.${deadPid()}.0badf00d.tmp`);
    for (const p of [stale, live, other]) await writeFile(p, "partial");
    expect(await removeStaleTemps(path)).toEqual([stale]);
    await writeFile(stale, "partial");
    await writeFileAtomic(path, "new");
    expect((await readdir(dir)).sort()).toEqual([live, other, path].map((p) => p.slice(dir.length + 1)).sort());
  });

  it("removes its temporary file when the process exits in the middle of a write", () => {
    const dist = fileURLToPath(new URL("../../dist/node.js", import.meta.url));
    if (!existsSync(dist)) throw new Error(`build @chainrule/tensor first (pnpm --filter @chainrule/tensor build): ${dist} is missing`);
    const dir = mkdtempSync(join(tmpdir(), "chainrule-atomic-"));
    // Exits as soon as the temporary file of a 64 MiB write appears: the write is still in flight.
    const script = `
      import { readdirSync } from "node:fs";
      const { writeFileAtomic } = await import(${JSON.stringify(dist)});
      writeFileAtomic(${JSON.stringify(join(dir, "big.bin"))}, new Uint8Array(64 << 20)).catch(() => {});
      const poll = setInterval(() => {
        const tmp = readdirSync(${JSON.stringify(dir)}).find((n) => n.endsWith(".tmp"));
        if (tmp) { clearInterval(poll); process.stdout.write(tmp); process.exit(3); }
      }, 0);
    `;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(child.status).toBe(3);
    expect(child.stdout).toMatch(/^\.big\.bin\.\d+\.[0-9a-f]{8}\.tmp$/);
    return readdir(dir).then((names) => expect(names).toEqual([]));
  });
});
