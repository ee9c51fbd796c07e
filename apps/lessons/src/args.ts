import { parseArgs } from "node:util";
import { UsageError } from "./errors.js";

export const LESSON_NAMES = ["activations", "learning-rate", "batchnorm", "gradients", "gradcheck"] as const;
export const BACKENDS = ["js", "wasm"] as const;

/** One of the lessons. */
export type LessonName = (typeof LESSON_NAMES)[number];

/** A lesson to run and how, defaults filled in. */
export interface LessonArgs {
  command: "lesson";
  lesson: LessonName;
  report: string | null;
  html: string | null;
  backend: (typeof BACKENDS)[number];
  threads: number;
  seed: number;
}

export const USAGE = `Usage: chainrule-lessons NAME [options]     (from the repository root: pnpm lesson NAME [options])

Lessons:
  activations     without a non-linearity, depth buys nothing
  learning-rate   too high explodes, too low does nothing
  batchnorm       the same deep network with and without BatchNorm
  gradients       gradients vanish, flow or explode through the layers
  gradcheck       the one-.T bug, caught by finite differences

Options:
  --report PATH        write the lesson's numbers as JSON
  --html PATH          write a self-contained HTML page with the charts
  --backend js|wasm    where the kernels run (default wasm)
  --threads N          threads for the wasm backend's matmuls, this one included (default 1)
  --seed N             seed of initialisation and shuffling (default 1); same seed, same numbers
  --help               show this help`;

const OPTIONS = {
  report: { type: "string" },
  html: { type: "string" },
  backend: { type: "string" },
  threads: { type: "string" },
  seed: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Parses and checks a command line (without `node cli.js`); every mistake is a {@link UsageError}
 * naming what was wrong and what is accepted.
 *
 * @example
 * parseLessonArgs(["activations", "--html", "a.html"]); // { command: "lesson", lesson: "activations", html: "a.html", ... }
 */
export function parseLessonArgs(argv: readonly string[]): LessonArgs | { command: "help" } {
  let parsed;
  try {
    // `pnpm lesson -- activations` hands the script a leading "--" that would end option parsing.
    parsed = parseArgs({ args: argv[0] === "--" ? argv.slice(1) : [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, "").split("\n")[0]);
  }
  const { values: v, positionals } = parsed;
  if (v.help) return { command: "help" };
  if (positionals.length === 0) throw new UsageError(`name a lesson: ${LESSON_NAMES.join(", ")}`);
  if (positionals.length > 1) throw new UsageError(`one lesson at a time, got '${positionals.join("', '")}'`);
  return {
    command: "lesson",
    lesson: oneOf("lesson", positionals[0], LESSON_NAMES),
    report: v.report ?? null,
    html: v.html ?? null,
    backend: oneOf("--backend", v.backend ?? "wasm", BACKENDS),
    threads: v.threads === undefined ? 1 : integer("--threads", v.threads, 1, 64),
    seed: v.seed === undefined ? 1 : integer("--seed", v.seed, 0, 2 ** 32 - 1),
  };
}

/** Decimal digits only: Number() would also read '0x10', '1e3' or ' 5 ' as a whole number. */
function integer(flag: string, value: string, min: number, max: number): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`${flag}: expected an integer from ${min} to ${max}, got '${value}'`);
  return n;
}

function oneOf<T extends string>(what: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${what}: expected one of ${allowed.join(", ")}, got '${value}'`);
  return value as T;
}
