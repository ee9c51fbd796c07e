import { parseCli, USAGE } from "./args.js";
import { errorLine } from "./error-line.js";
import { UsageError } from "./errors.js";
import { predictCommand } from "./predict-command.js";
import { trainCommand } from "./train-command.js";

/** The process around the CLI: its two output streams and whether stdout is a terminal. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  tty: boolean;
}

/**
 * Runs the command line and returns the exit code: 0; 1 for an error, printed as one line (with
 * its stack trace too under `--verbose`); 2 for a usage error, printed with the usage; 130 for a
 * run stopped by Ctrl-C.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), tty: false });
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let args;
  try {
    args = parseCli(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`chainrule-mnist: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.command === "help") {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  // A progress bar may be mid-line on the terminal: start problems on a line of their own.
  const warn = (line: string) => io.stderr(`${io.tty ? "\n" : ""}${line}\n`);
  try {
    if (args.command === "predict") {
      await predictCommand(args, { write: io.stdout, warn, tty: io.tty });
      return 0;
    }
    return await trainCommand(args, { write: io.stdout, warn, tty: io.tty });
  } catch (e) {
    warn(`chainrule-mnist: ${errorLine(e)}`);
    if (args.verbose) io.stderr(`${stackOf(e)}\n`);
    return 1;
  }
}

/** The stack trace, and those of the errors it wraps. */
function stackOf(e: unknown): string {
  const own = e instanceof Error ? (e.stack ?? e.message) : String(e);
  return e instanceof Error && e.cause !== undefined ? `${own}\ncaused by: ${stackOf(e.cause)}` : own;
}
