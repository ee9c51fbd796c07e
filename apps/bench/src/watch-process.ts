import type { ChildProcess } from "node:child_process";

/** The last characters of a child's stderr kept: enough to see why it died. */
const STDERR_TAIL = 2000;

/** How a child process ended and what it said. */
export interface ProcessEnd {
  /** Exit status, or null when a signal ended it (or it never started). */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** It ran past the time limit and was killed. */
  timedOut: boolean;
  timeoutSeconds: number;
  /** Why it could not be started (ENOENT: no such program), or null. */
  startError: Error | null;
  /** All it wrote to stdout, when stdout is a pipe. */
  stdout: string;
  /** The end of what it wrote to stderr, when stderr is a pipe. */
  stderr: string;
  /** The last message it sent over the IPC channel, or null. */
  message: unknown;
}

/**
 * Collects a started child's output and waits for it to end, killing it (SIGKILL) once it has run
 * for `timeoutSeconds`.
 *
 * @example
 * const end = await watchProcess(spawn("python3", ["-c", "print(1)"]), 10); // end.stdout === "1\n"
 */
export function watchProcess(child: ChildProcess, timeoutSeconds: number): Promise<ProcessEnd> {
  return new Promise((resolve) => {
    const end: ProcessEnd = { code: null, signal: null, timedOut: false, timeoutSeconds, startError: null, stdout: "", stderr: "", message: null };
    child.stdout?.on("data", (d: Buffer) => {
      end.stdout += d.toString();
    });
    child.stderr?.on("data", (d: Buffer) => {
      end.stderr = (end.stderr + d.toString()).slice(-STDERR_TAIL);
    });
    child.on("message", (m) => {
      end.message = m;
    });
    const timer = setTimeout(() => {
      end.timedOut = true;
      child.kill("SIGKILL");
    }, timeoutSeconds * 1000);
    child.on("error", (e) => {
      // Later errors (a failed kill or IPC send) leave the exit status to tell what happened.
      if (child.pid === undefined) end.startError ??= e;
    });
    // "close" comes last, after "exit" once stdout and stderr are read to their end, and after
    // "error" when the program could not be started (with a negative errno as its code).
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      end.code = end.startError ? null : code;
      end.signal = signal;
      resolve(end);
    });
  });
}

/**
 * Why a child gave no row: it timed out, could not start, or died (with the end of its stderr).
 *
 * @example
 * failureMessage(end); // "timed out after 3600 s (--timeout)"
 */
export function failureMessage(end: ProcessEnd): string {
  if (end.timedOut) return `timed out after ${end.timeoutSeconds} s (--timeout)`;
  if (end.startError) return `could not start: ${end.startError.message}`;
  return `process exited with ${end.code ?? end.signal}: ${end.stderr.trim()}`;
}
