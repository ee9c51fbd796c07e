import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pixelTable, type MnistData } from "@chainrule/data-mnist";
import { epochOrder } from "./epoch-order.js";

/** The staged files, by the names python/pytorch_bench.py reads them under. */
export interface StagedFiles {
  /** uint8, 60,000 × 784, row-major, as in the IDX file. */
  trainImages: string;
  /** uint8 class indices. */
  trainLabels: string;
  testImages: string;
  testLabels: string;
  /** float32 little-endian, 256 values: what each pixel byte becomes in a batch (p/255). */
  pixelValues: string;
  /** int32 little-endian: the training examples in the order of the epoch's batches. */
  order: string;
}

/** MNIST written out for the PyTorch rows; `remove()` deletes it. */
export interface StagedMnist {
  dir: string;
  files: StagedFiles;
  remove(): void;
}

function write(file: string, a: ArrayBufferView): void {
  writeFileSync(file, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

/**
 * Writes what the PyTorch rows train on into a fresh temporary folder: the images and labels as
 * they are in memory (uint8, so the Python process holds the 47 MB the Node rows hold, not 188 MB
 * of float32), the 256 float32 values the Batcher turns pixel bytes into, and the Batcher's epoch
 * order for `seed`. Batch k is then examples order[k·B … k·B + B − 1], each pixel pixelValues[byte]:
 * the values and the order the chainrule and TF.js rows get from the Batcher. The order and the
 * pixel values are read off the Batcher's own code, never reimplemented in Python. Typed arrays
 * are little-endian on every platform Node runs on.
 *
 * The folder is removed by `remove()`, or when this process exits or is interrupted.
 *
 * @example
 * const staged = stageMnist(await loadMnist(), SHUFFLE_SEED); ...; staged.remove();
 */
export function stageMnist(data: MnistData, seed: number): StagedMnist {
  const dir = mkdtempSync(path.join(tmpdir(), "chainrule-bench-pytorch-"));
  const at = (name: string) => path.join(dir, name);
  const files: StagedFiles = {
    trainImages: at("train-images.u8"), trainLabels: at("train-labels.u8"), testImages: at("test-images.u8"), testLabels: at("test-labels.u8"),
    pixelValues: at("pixel-values.f32"), order: at("order.i32"),
  };
  // Signals skip `finally` blocks and the "exit" event: remove the files, then die of the signal as before.
  const onSignal = (signal: NodeJS.Signals) => {
    remove();
    process.kill(process.pid, signal);
  };
  const remove = () => {
    rmSync(dir, { recursive: true, force: true });
    process.off("exit", remove).off("SIGINT", onSignal).off("SIGTERM", onSignal);
  };
  process.on("exit", remove).once("SIGINT", onSignal).once("SIGTERM", onSignal);
  try {
    write(files.trainImages, data.train.images);
    write(files.trainLabels, data.train.labels);
    write(files.testImages, data.test.images);
    write(files.testLabels, data.test.labels);
    // The Batcher's default normalisation ("unit"), rounded to float32 as its batches are.
    write(files.pixelValues, Float32Array.from(pixelTable("unit", data.train.stats)));
    write(files.order, epochOrder(data.train.size, seed));
  } catch (e) {
    remove();
    throw e;
  }
  return { dir, files, remove };
}
