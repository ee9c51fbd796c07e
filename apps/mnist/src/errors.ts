/** A command line that cannot run; the CLI prints the message and the usage, and exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * A problem the user can fix (a missing file, a folder that cannot be written): the CLI prints the
 * message alone, one line saying what was wrong, where, and what to do, and exits with 1.
 *
 * @example
 * throw new CliError("--save out/m.safetensors: cannot create the folder out (a file of that name is in the way)");
 */
export class CliError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CliError";
  }
}
