import { Batcher, type MnistSplit } from "@chainrule/data-mnist";
import type { Backend } from "@chainrule/tensor";
import type { Dataset } from "@chainrule/train";
import type { InputLayout } from "./models.js";

/** A train {@link Dataset} that also frees its batch tensors. */
export interface DisposableDataset extends Dataset {
  dispose(): void;
}

/**
 * An MNIST split as a dataset `fit` and `evaluate` can walk, in the layout the model reads. One
 * Batcher per batch size keeps its tensors from epoch to epoch, so training allocates nothing; the
 * Batcher's own generator (seeded once) gives each epoch a new order, repeatable from the seed.
 *
 * @example
 * const train = splitDataset(mnist.train, "flat", backend);
 * await fit(model, { data: train, ... }); train.dispose();
 */
export function splitDataset(split: MnistSplit, layout: InputLayout, backend: Backend): DisposableDataset {
  const batchers = new Map<string, Batcher>();
  return {
    size: split.size,
    batches(batchSize, opts = {}) {
      const key = `${batchSize}:${opts.shuffle ?? false}:${opts.seed ?? 0}`;
      let batcher = batchers.get(key);
      if (!batcher) {
        batcher = new Batcher(split, batchSize, { shuffle: opts.shuffle, seed: opts.seed, layout, backend });
        batchers.set(key, batcher);
      }
      return batcher.epoch();
    },
    dispose() {
      for (const b of batchers.values()) b.dispose();
      batchers.clear();
    },
  };
}
