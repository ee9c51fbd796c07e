import { ModelFileError } from "@chainrule/layers";
import { DataFileError } from "@chainrule/data-mnist";
import { ShapeError } from "@chainrule/tensor";
import { NonFiniteError } from "@chainrule/train";
import { CliError } from "./errors.js";

/** What a system error code means, and what to do about it. */
const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: "no such file or folder; check the path",
  EISDIR: "is a folder, not a file; give a file's path",
  ENOTDIR: "part of the path is a file, not a folder; check the path",
  EACCES: "permission denied; check the permissions or choose another place",
  EPERM: "operation not permitted; check the permissions or choose another place",
  EROFS: "the file system is read-only; choose another place",
  ENOSPC: "no space left on the device; free some or choose another place",
  EEXIST: "already exists",
  EMFILE: "too many open files; close some programs and try again",
};

/**
 * What a file-system error says, from its code: "no such file or folder; check the path".
 *
 * @example
 * fileProblem(Object.assign(new Error("..."), { code: "ENOENT" })); // "no such file or folder; check the path"
 */
export function fileProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return (code && FILE_PROBLEMS[code]) ?? (e as Error).message;
}

/**
 * The one line the CLI prints for an error. Errors that already say what and where (the CLI's own,
 * data and model files, shapes, a training that went non-finite) are their message; a
 * file-system error is its path and what the code means; anything else is its first line with
 * a pointer to `--verbose`, which prints the stack trace as well.
 *
 * @example
 * errorLine(new DataFileError("d/train-images-idx3-ubyte", "truncated")); // "d/train-images-idx3-ubyte: truncated"
 */
export function errorLine(e: unknown): string {
  if (e instanceof CliError || e instanceof ModelFileError || e instanceof DataFileError || e instanceof ShapeError || e instanceof NonFiniteError) {
    return e.message;
  }
  const path = (e as NodeJS.ErrnoException).path;
  if (typeof path === "string" && (e as NodeJS.ErrnoException).code) return `${path}: ${fileProblem(e)}`;
  const message = e instanceof Error ? e.message : String(e);
  return `${message.split("\n")[0]} (an unexpected error: run again with --verbose to see where it came from)`;
}
