import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, open, stat, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { writeFileAtomic } from "@chainrule/tensor/node";
import type { TrainArgs } from "./args.js";
import { CliError } from "./errors.js";
import { fileProblem } from "./error-line.js";

/** A file the run was asked to write, and the flag that asked. */
export interface OutputFile {
  what: "model" | "report" | "html report" | "ONNX model";
  flag: "--save" | "--report" | "--html" | "--onnx";
  path: string;
}

/**
 * The files `--save`, `--report`, `--html` and `--onnx` ask for, in that order (the ONNX export
 * last, so nothing it could throw keeps the others from being written); two flags naming one file
 * is a {@link CliError}.
 *
 * @example
 * outputFiles({ save: "m.safetensors", report: null, html: null, onnx: null }); // [{ what: "model", flag: "--save", path: "m.safetensors" }]
 */
export function outputFiles(a: Pick<TrainArgs, "save" | "report" | "html" | "onnx">): OutputFile[] {
  const files: OutputFile[] = [];
  if (a.save) files.push({ what: "model", flag: "--save", path: a.save });
  if (a.report) files.push({ what: "report", flag: "--report", path: a.report });
  if (a.html) files.push({ what: "html report", flag: "--html", path: a.html });
  if (a.onnx) files.push({ what: "ONNX model", flag: "--onnx", path: a.onnx });
  for (const [i, f] of files.entries()) {
    const twin = files.slice(i + 1).find((g) => resolve(g.path) === resolve(f.path));
    if (twin) throw new CliError(`${f.flag} and ${twin.flag} both name ${f.path}; give each its own file`);
  }
  return files;
}

/**
 * Makes sure, before any training, that each output can be written: makes its missing folders
 * one level at a time and creates and removes a temporary file there. A path that is a folder, or
 * a folder that cannot be made or written, is a {@link CliError} naming the flag and the path.
 *
 * @example
 * await checkOutputs(outputFiles(args)); // throws "--report /proc/nope/r.json: cannot create the folder /proc/nope (...)"
 */
export async function checkOutputs(files: readonly OutputFile[]): Promise<void> {
  for (const f of files) {
    const where = `${f.flag} ${f.path}`;
    if (/[/\\]$/.test(f.path) || (await kind(f.path)) === "folder") throw new CliError(`${where}: is a folder; give a file name inside it`);
    const dir = dirname(resolve(f.path));
    await makeFolders(dir, where);
    // Named like writeFileAtomic's temporary files, so one left by a kill is cleared by the next save.
    const probe = join(dir, `.${basename(f.path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
    try {
      await (await open(probe, "wx")).close();
      await unlink(probe);
    } catch (e) {
      throw new CliError(`${where}: cannot write in ${dir} (${fileProblem(e)})`, { cause: e });
    }
  }
}

/**
 * Writes one output where it was asked for. When that fails (the folder went away, the disk
 * filled), says why and writes it to a fresh folder in the OS temp folder, or failing that in the
 * current one, and says where; a trained model is never dropped. Returns whether it went where asked.
 *
 * @example
 * const ok = await writeOutput({ what: "report", flag: "--report", path: "r.json" }, json, console.error);
 */
export async function writeOutput(f: OutputFile, data: string | Uint8Array, say: (line: string) => void, warn: (line: string) => void): Promise<boolean> {
  try {
    await writeFileAtomic(f.path, data);
    say(`${f.what} written to ${f.path}`);
    return true;
  } catch (e) {
    warn(`chainrule-mnist: could not write the ${f.what} to ${f.path} (${fileProblem((e as Error).cause ?? e)})`);
  }
  const tried: string[] = [];
  for (const base of [tmpdir(), process.cwd()]) {
    try {
      const path = join(await mkdtemp(join(base, "chainrule-mnist-")), basename(f.path));
      await writeFileAtomic(path, data);
      warn(`chainrule-mnist: the ${f.what} was written to ${path} instead`);
      return false;
    } catch (e) {
      tried.push(`${base}: ${fileProblem((e as Error).cause ?? e)}`);
    }
  }
  warn(`chainrule-mnist: the ${f.what} could not be written anywhere (${tried.join("; ")})`);
  return false;
}

async function kind(path: string): Promise<"folder" | "other" | "none"> {
  try {
    return (await stat(path)).isDirectory() ? "folder" : "other";
  } catch {
    return "none";
  }
}

/**
 * mkdir of each missing folder from the top down. Not `mkdir -p` (recursive): on a file system
 * that refuses new folders without an error it understands (procfs answers ENOENT), Node's
 * recursive mkdir retries forever.
 */
async function makeFolders(dir: string, where: string): Promise<void> {
  const missing: string[] = [];
  let d = dir;
  while ((await kind(d)) === "none" && dirname(d) !== d) {
    missing.unshift(d);
    d = dirname(d);
  }
  if ((await kind(d)) === "other") throw new CliError(`${where}: ${d} is a file, not a folder; choose another path`);
  for (const m of missing) {
    try {
      await mkdir(m);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST" && (await kind(m)) === "folder") continue; // made meanwhile by someone else
      throw new CliError(`${where}: cannot create the folder ${m} (${fileProblem(e)})`, { cause: e });
    }
  }
}
