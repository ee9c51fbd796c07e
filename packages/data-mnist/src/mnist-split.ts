import { Rng, ShapeError } from "@chainrule/tensor";
import { Batcher, type Batch, type BatchOptions } from "./batcher.js";
import { MNIST_STATS, type PixelStats } from "./pixel-stats.js";

/**
 * What a split is made of.
 *
 * @example
 * new MnistSplit({ images: new Uint8Array(2 * 784), labels: Uint8Array.of(3, 7) } satisfies MnistSplitInit);
 */
export interface MnistSplitInit {
  /** uint8 pixels, size × rows × cols, row-major. */
  images: Uint8Array;
  /** Class index of each image. */
  labels: Uint8Array;
  /** Default 28. */
  rows?: number;
  /** Default 28. */
  cols?: number;
  /** Pixel statistics that `normalize: "standard"` uses (default: MNIST's). */
  stats?: PixelStats;
}

/**
 * One part of a data set (train, test, validation): uint8 images and their labels. Pixels stay
 * uint8 in memory (47 MB for the MNIST training set, not 188 MB as float32) and become numbers
 * one batch at a time.
 *
 * @example
 * const { train } = await loadMnist();
 * train.size;        // 60000
 * train.labels[0];   // 5
 */
export class MnistSplit {
  readonly size: number;
  readonly rows: number;
  readonly cols: number;
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly stats: PixelStats;

  constructor(init: MnistSplitInit) {
    this.rows = init.rows ?? 28;
    this.cols = init.cols ?? 28;
    this.size = init.labels.length;
    if (init.images.length !== this.size * this.rows * this.cols) {
      throw new ShapeError(
        "MnistSplit",
        `${this.size} labels × ${this.rows} × ${this.cols} = ${this.size * this.rows * this.cols} pixels`,
        [init.images.length],
        "images and labels disagree",
      );
    }
    this.images = init.images;
    this.labels = init.labels;
    this.stats = init.stats ?? MNIST_STATS;
  }

  /**
   * Batches of one epoch as tensors. The x and y tensors are reused from one batch to the next, so
   * a batch is valid until the next one is drawn, and all are freed when the loop ends. Use a
   * {@link Batcher} to keep the tensors across epochs.
   *
   * @example
   * for (const { x, y } of train.batches(64, { shuffle: true, seed: 1, layout: "image" })) step(x, y);
   */
  *batches(batchSize: number, options: BatchOptions = {}): Generator<Batch, void, undefined> {
    const batcher = new Batcher(this, batchSize, options);
    try {
      yield* batcher.epoch();
    } finally {
      batcher.dispose();
    }
  }

  /**
   * A seeded random train/validation split: `validationSize` examples drawn by `new Rng(seed)` go to
   * validation, the rest to train; both keep the original order. The pixels are copied.
   *
   * @example
   * const { train, validation } = mnist.train.split(5000, 42);
   */
  split(validationSize: number, seed = 0): { train: MnistSplit; validation: MnistSplit } {
    if (!Number.isInteger(validationSize) || validationSize < 0 || validationSize > this.size) {
      throw new Error(`split: validationSize must be an integer in [0, ${this.size}], got ${validationSize}`);
    }
    const order = new Rng(seed).permutation(this.size);
    return {
      train: this.gather(order.subarray(validationSize).sort()),
      validation: this.gather(order.subarray(0, validationSize).sort()),
    };
  }

  /**
   * Examples start..end−1 as a split that shares this one's memory (no copy).
   *
   * @example
   * const small = mnist.train.slice(0, 1000);
   */
  slice(start: number, end = this.size): MnistSplit {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > this.size) {
      throw new Error(`slice: need integers 0 ≤ start ≤ end ≤ ${this.size}, got ${start} and ${end}`);
    }
    const pixels = this.rows * this.cols;
    return this.with(this.images.subarray(start * pixels, end * pixels), this.labels.subarray(start, end));
  }

  private gather(indices: Uint32Array): MnistSplit {
    const pixels = this.rows * this.cols;
    const images = new Uint8Array(indices.length * pixels);
    const labels = new Uint8Array(indices.length);
    indices.forEach((i, k) => {
      images.set(this.images.subarray(i * pixels, (i + 1) * pixels), k * pixels);
      labels[k] = this.labels[i];
    });
    return this.with(images, labels);
  }

  private with(images: Uint8Array, labels: Uint8Array): MnistSplit {
    return new MnistSplit({ images, labels, rows: this.rows, cols: this.cols, stats: this.stats });
  }
}
