import { mixSeeds } from "@chainrule/tensor";
import type { Batch, BatchOptions } from "./batcher.js";
import { Batcher } from "./batcher.js";
import type { MnistSplit } from "./mnist-split.js";

/**
 * How a training loop asks for one epoch's batches: the same fields as train's `BatchOptions`, so
 * a {@link SplitDataset} is a train `Dataset` without data-mnist importing train.
 *
 * @example
 * const opts: EpochOptions = { shuffle: true, seed: 1, epoch: 3 };
 */
export interface EpochOptions {
  /** Visit the examples in a random order (default false). */
  shuffle?: boolean;
  /** Seed of the order and of the shifts (default 0). */
  seed?: number;
  /** Epoch number, mixed into the seed so every epoch gets its own order (default 0). */
  epoch?: number;
}

/**
 * A split walked in batches by a training loop, holding its batch tensors from epoch to epoch.
 *
 * @example
 * const data: SplitDataset = splitDataset(mnist.train, { layout: "image" });
 */
export interface SplitDataset {
  readonly size: number;
  /** One epoch's batches; a batch is valid until the next one is drawn. */
  batches(batchSize: number, opts?: EpochOptions): Iterable<Batch>;
  /** Frees the batch tensors. */
  dispose(): void;
}

/**
 * A split as the `Dataset` that train's `fit` and `evaluate` walk: one {@link Batcher} per batch
 * size and shuffle setting, kept across epochs so training allocates nothing; each epoch restarts
 * the generator from (seed, epoch), so the order and shifts of epoch e are the same however the
 * run got there (a resumed run included). Shape and scaling come from `options` as for `Batcher`.
 *
 * @example
 * const train = splitDataset(mnist.train, { layout: "image", augment: { shift: 1 } });
 * await fit(model, { data: train, epochs: 5, batchSize: 64, seed: 1, ... });
 * train.dispose();
 */
export function splitDataset(split: MnistSplit, options: Omit<BatchOptions, "shuffle" | "seed"> = {}): SplitDataset {
  const batchers = new Map<string, Batcher>();
  return {
    size: split.size,
    batches(batchSize, opts = {}) {
      const shuffle = opts.shuffle ?? false;
      const key = `${batchSize}:${shuffle}`;
      let batcher = batchers.get(key);
      if (!batcher) {
        batcher = new Batcher(split, batchSize, { ...options, shuffle });
        batchers.set(key, batcher);
      }
      return batcher.epoch(mixSeeds(opts.seed ?? 0, opts.epoch ?? 0));
    },
    dispose() {
      for (const b of batchers.values()) b.dispose();
      batchers.clear();
    },
  };
}

