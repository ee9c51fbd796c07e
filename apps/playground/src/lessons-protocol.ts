// The messages between the Lessons page and its worker.
import type { LessonName, Table } from "@chainrule/app-lessons/lessons";

/** Page → worker: run one lesson at its small budget on MNIST fetched from `baseUrl`. */
export interface LessonRequest {
  type: "run";
  lesson: LessonName;
  baseUrl: string;
  seed: number;
}

/** Worker → page: a progress line (`live` ones replace each other), the outcome, or why it failed. */
export type LessonResponse =
  | { type: "progress"; line: string; live: boolean }
  | { type: "done"; conclusion: string; charts: string[]; table: Table; seconds: number }
  | { type: "error"; message: string };
