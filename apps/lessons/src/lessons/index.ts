import type { LessonName } from "../args.js";
import { entry, type LessonEntry } from "../lesson.js";
import { activations } from "./activations.js";
import { batchnorm } from "./batchnorm.js";
import { gradcheckLesson } from "./gradcheck.js";
import { gradients } from "./gradients.js";
import { learningRate } from "./learning-rate.js";

/** Every lesson by the name the command line takes. */
export const LESSONS: Record<LessonName, LessonEntry> = {
  activations: entry(activations),
  "learning-rate": entry(learningRate),
  batchnorm: entry(batchnorm),
  gradients: entry(gradients),
  gradcheck: entry(gradcheckLesson),
};
