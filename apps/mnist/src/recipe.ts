import type { ModelName, TrainArgs } from "./args.js";

/** The training settings of a run: each model's measured defaults, overridden by flags. */
export interface Recipe {
  epochs: number;
  batchSize: number;
  lr: number;
  optimizer: NonNullable<TrainArgs["optimizer"]>;
  schedule: NonNullable<TrainArgs["schedule"]>;
  /** Random shift of each training image by up to this many pixels (0: none). */
  augmentShift: number;
}

/** Defaults chosen by measurement; apps/mnist/README.md records the runs behind them. */
const DEFAULTS: Record<ModelName, Recipe> = {
  cnn: { epochs: 5, batchSize: 64, lr: 4e-3, optimizer: "adam", schedule: "onecycle", augmentShift: 1 },
  mlp: { epochs: 5, batchSize: 64, lr: 1e-3, optimizer: "adam", schedule: "cosine", augmentShift: 0 },
  "deep-sigmoid": { epochs: 2, batchSize: 64, lr: 0.05, optimizer: "momentum", schedule: "constant", augmentShift: 0 },
  "deep-relu": { epochs: 2, batchSize: 64, lr: 0.05, optimizer: "momentum", schedule: "constant", augmentShift: 0 },
};

/**
 * The recipe of a run: the defaults of the architecture it trains with every flag the user gave
 * put over them.
 *
 * @example
 * resolveRecipe({ ...args, epochs: 1 }, "cnn").epochs; // 1
 */
export function resolveRecipe(a: TrainArgs, model: ModelName): Recipe {
  const d = DEFAULTS[model];
  return {
    epochs: a.epochs ?? d.epochs,
    batchSize: a.batchSize ?? d.batchSize,
    lr: a.lr ?? d.lr,
    optimizer: a.optimizer ?? d.optimizer,
    schedule: a.schedule ?? d.schedule,
    augmentShift: d.augmentShift,
  };
}
