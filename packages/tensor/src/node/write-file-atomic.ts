import { randomBytes } from "node:crypto";
import { unlinkSync } from "node:fs";
import { open, readdir, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Temporary files this process is writing: removed on exit if a write never finished. */
const unfinished = new Set<string>();
let exitHookInstalled = false;

function track(tmp: string): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // 'exit' handlers must be synchronous; a crash between open and rename leaves nothing behind.
    process.on("exit", () => {
      for (const path of unfinished) {
        try {
          unlinkSync(path);
        } catch {
          // already renamed or removed
        }
      }
    });
  }
  unfinished.add(tmp);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the temporary files that earlier writes of `path` left behind when their process was
 * killed between writing and renaming (`.<name>.<pid>.<hex>.tmp` whose pid is no longer running).
 * Returns the paths it removed.
 *
 * @example
 * await removeStaleTemps("runs/model.safetensors"); // [] when nothing was left behind
 */
export async function removeStaleTemps(path: string): Promise<string[]> {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return []; // no folder yet: nothing can be stale
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length));
    if (!match) continue;
    const tmp = join(dir, name);
    if (unfinished.has(tmp) || isAlive(Number(match[1]))) continue;
    await unlink(tmp).then(() => removed.push(tmp), () => undefined);
  }
  return removed;
}

/**
 * Writes `data` to `path` so that readers see the old file or the whole new one, never part of
 * one: the bytes go to `.<name>.<pid>.<hex>.tmp` in the same folder, are flushed to disk, and the
 * file is renamed over `path` (atomic within one file system). The temporary file is removed when
 * the write fails and when the process exits before renaming; stale ones left by killed processes
 * are removed first. The folder must exist.
 *
 * @example
 * import { writeFileAtomic } from "@chainrule/tensor/node";
 * await writeFileAtomic("run.json", JSON.stringify({ accuracy: 0.99 }));
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await removeStaleTemps(path);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  track(tmp);
  try {
    const file = await open(tmp, "wx");
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    const error = new Error(`could not write ${path}: ${(e as Error).message}`, { cause: e });
    (error as NodeJS.ErrnoException).code = (e as NodeJS.ErrnoException).code;
    throw error;
  } finally {
    unfinished.delete(tmp);
  }
}
