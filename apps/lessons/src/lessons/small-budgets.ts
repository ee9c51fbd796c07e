// The small budgets the tests and the playground's Lessons page run: each still shows its lesson's
// phenomenon, in seconds rather than minutes.
import { activations } from "./activations.js";
import { batchnorm } from "./batchnorm.js";
import { gradcheckLesson } from "./gradcheck.js";
import { gradients } from "./gradients.js";
import { learningRate } from "./learning-rate.js";

export const SMALL_BUDGETS = {
  activations: { ...activations.budget, trainSize: 10000, testSize: 2000, steps: 1500, width: 64, curveEvery: 50 },
  "learning-rate": { ...learningRate.budget, rates: [1e-4, 0.01, 0.1, 10], steps: 100, trainSize: 5000, finalWindow: 20 },
  batchnorm: { ...batchnorm.budget, hidden: [64, 64, 64, 64], maxSteps: 600, evalEvery: 20, evalSize: 500, target: 0.9, batchSize: 64, trainSize: 10000 },
  gradients: { ...gradients.budget, hidden: [32, 32, 32, 32, 32, 32, 32, 32], steps: 40, every: 20, trainSize: 3000 },
  // Already tiny: a 4×4 layer on 3 inputs.
  gradcheck: gradcheckLesson.budget,
};
