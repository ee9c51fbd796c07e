import type { MnistData } from "@chainrule/data-mnist";
import type { LessonName } from "./args.js";
import type { Progress } from "./progress.js";

/** What a lesson gets to run with. */
export interface LessonContext {
  /** Real MNIST (60,000 training and 10,000 test images), loaded on first call. */
  mnist(): Promise<MnistData>;
  /** Seed of initialisation and shuffling. */
  seed: number;
  progress: Progress;
}

/** A small table of a lesson's runs for its page: a header and rows of text. */
export interface Table {
  head: string[];
  rows: string[][];
}

/**
 * One experiment: what it shows, how to run it within a budget, and how to read its report.
 * `B` is the budget (sizes, steps, rates); `R` the report, plain JSON.
 *
 * @example
 * const report = await activations.run(ctx, { ...activations.budget, steps: 200 });
 * console.log(activations.conclusion(report));
 */
export interface Lesson<R extends object, B> {
  name: LessonName;
  title: string;
  /** What the lesson does and why, printed before it runs (it holds no results). */
  explanation: string;
  /** The budget `pnpm lesson NAME` runs with. */
  budget: B;
  run(ctx: LessonContext, budget: B): Promise<R>;
  /** What this run's numbers show, in words. */
  conclusion(report: R): string;
  /** SVG charts of the report. */
  charts(report: R): string[];
  table(report: R): Table;
}

/** What running a lesson gave: the report and everything drawn from it. */
export interface Outcome {
  report: object;
  conclusion: string;
  charts: string[];
  table: Table;
}

/** A lesson with its types erased, as the command line runs it. */
export interface LessonEntry {
  name: LessonName;
  title: string;
  explanation: string;
  play(ctx: LessonContext): Promise<Outcome>;
}

/**
 * Runs a lesson (with its full budget unless given another) and draws the conclusion, charts and
 * table from its report.
 *
 * @example
 * const { report, conclusion } = await playLesson(gradcheckLesson, ctx);
 */
export async function playLesson<R extends object, B>(lesson: Lesson<R, B>, ctx: LessonContext, budget: B = lesson.budget): Promise<Outcome & { report: R }> {
  const report = await lesson.run(ctx, budget);
  return { report, conclusion: lesson.conclusion(report), charts: lesson.charts(report), table: lesson.table(report) };
}

/**
 * The lesson as the command line's registry holds it, run with `budget` (its full one unless given another).
 *
 * @example
 * const entries: LessonEntry[] = [entry(activations), entry(gradcheckLesson)];
 */
export function entry<R extends object, B>(lesson: Lesson<R, B>, budget: B = lesson.budget): LessonEntry {
  return { name: lesson.name, title: lesson.title, explanation: lesson.explanation, play: (ctx) => playLesson(lesson, ctx, budget) };
}
