import type { LessonName } from "../args.js";
import { entry, type LessonEntry } from "../lesson.js";
import { activations } from "./activations.js";
import { batchnorm } from "./batchnorm.js";
import { gradcheckLesson } from "./gradcheck.js";
import { gradients } from "./gradients.js";
import { learningRate } from "./learning-rate.js";
import { SMALL_BUDGETS } from "./small-budgets.js";

/** Every lesson by the name the command line takes. */
export const LESSONS: Record<LessonName, LessonEntry> = {
  activations: entry(activations),
  "learning-rate": entry(learningRate),
  batchnorm: entry(batchnorm),
  gradients: entry(gradients),
  gradcheck: entry(gradcheckLesson),
};

/** Every lesson at its small budget (the one its test runs), for a quick run such as the playground's. */
export const SMALL_LESSONS: Record<LessonName, LessonEntry> = {
  activations: entry(activations, SMALL_BUDGETS.activations),
  "learning-rate": entry(learningRate, SMALL_BUDGETS["learning-rate"]),
  batchnorm: entry(batchnorm, SMALL_BUDGETS.batchnorm),
  gradients: entry(gradients, SMALL_BUDGETS.gradients),
  gradcheck: entry(gradcheckLesson, SMALL_BUDGETS.gradcheck),
};

export type { LessonName } from "../args.js";
export type { LessonEntry, Outcome, Table } from "../lesson.js";
