import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { loadMnist } from "@chainrule/data-mnist/node";
import type { MnistData } from "@chainrule/data-mnist";
import { setBackend } from "@chainrule/tensor";
import { writeFileAtomic } from "@chainrule/tensor/node";
import { parseLessonArgs, USAGE } from "./args.js";
import { selectBackend } from "./backend.js";
import { UsageError } from "./errors.js";
import { wrap } from "./format.js";
import { lessonPage } from "./html-page.js";
import { LESSONS } from "./lessons/index.js";
import { terminalProgress } from "./progress.js";

/** The process around the command line. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stdout is a terminal: the progress line redraws in place. */
  tty: boolean;
  /** Where relative output paths start (where `pnpm lesson` was typed, not the app's folder). */
  cwd: string;
}

/**
 * Runs one lesson from the command line and returns the exit code: 0; 1 for an error (one line);
 * 2 for a usage error (the message, then the usage).
 *
 * @example
 * process.exitCode = await main(["gradcheck"], { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), tty: false, cwd: process.cwd() });
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let args;
  try {
    args = parseLessonArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`chainrule-lessons: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.command === "help") {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const say = (text: string) => io.stdout(`${text}\n`);
  try {
    const report = args.report === null ? null : resolve(io.cwd, args.report);
    const html = args.html === null ? null : resolve(io.cwd, args.html);
    // Folders first, so a bad path stops the lesson before it trains rather than after.
    for (const [flag, path] of [["--report", report], ["--html", html]] as const) {
      if (path) await mkdir(dirname(path), { recursive: true }).catch((e: Error) => Promise.reject(new Error(`${flag} ${path}: cannot make its folder (${e.message})`)));
    }
    const { backend, threads } = await selectBackend(args.backend, args.threads);
    const label = backend.label;
    setBackend(backend);
    const lesson = LESSONS[args.lesson];
    say(`chainrule lesson ${lesson.name}: ${lesson.title}\n\n${wrap(lesson.explanation)}\n\nbackend ${label}, seed ${args.seed}\n`);
    let data: Promise<MnistData> | null = null;
    const started = performance.now();
    const outcome = await lesson.play({ mnist: () => (data ??= loadMnist()), seed: args.seed, progress: terminalProgress(io.stdout, io.tty) });
    const seconds = (performance.now() - started) / 1000;
    say(`\n${wrap(outcome.conclusion)}\n\n${lesson.name} took ${seconds.toFixed(1)} s on ${label}`);
    const date = new Date().toISOString();
    const command = ["chainrule-lessons", ...argv].join(" ");
    if (report) {
      const json = { lesson: lesson.name, title: lesson.title, backend: label, threads, seed: args.seed, seconds, date, command, conclusion: outcome.conclusion, ...outcome.report };
      await writeFileAtomic(report, `${JSON.stringify(json, null, 2)}\n`);
      say(`report: ${report}`);
    }
    if (html) {
      await writeFileAtomic(html, lessonPage(outcome, { title: lesson.title, explanation: lesson.explanation, backend: label, seed: args.seed, seconds, date, command }));
      say(`html: ${html}`);
    }
    return 0;
  } catch (e) {
    io.stderr(`${io.tty ? "\n" : ""}chainrule-lessons: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
