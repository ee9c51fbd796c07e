import { empty, getBackend, keep, makeArray, Rng, type Backend, type FloatArray, type Tensor } from "@chainrule/tensor";
import type { MnistSplit } from "./mnist-split.js";
import { pixelAffine, type Normalize } from "./pixel-table.js";
import { writeShifted } from "./shift.js";

/**
 * "flat" → x is [B, rows·cols] for dense models; "image" → x is NHWC [B, rows, cols, 1] for conv models.
 *
 * @example
 * const conv: Layout = "image"; // x: [B, 28, 28, 1]
 */
export type Layout = "flat" | "image";

/**
 * How batches are drawn and shaped.
 *
 * @example
 * const opts: BatchOptions = { shuffle: true, seed: 1, layout: "image", normalize: "standard", augment: { shift: 2 } };
 */
export interface BatchOptions {
  /** Visit the examples in a new random order each epoch (default false). */
  shuffle?: boolean;
  /** Seed of the Rng behind shuffling and augmentation (default 0): the same seed gives the same batches. */
  seed?: number;
  /** Skip the last batch when it would be smaller than batchSize (default false). */
  dropLast?: boolean;
  /** Default "flat". */
  layout?: Layout;
  /** Default "unit" (pixels / 255). "standard" uses the split's `stats`. */
  normalize?: Normalize;
  /** Moves each image by a random whole number of pixels in [−shift, shift] along each axis, zero fill. */
  augment?: { shift: number };
  /** Where the x and y tensors live (default: the current backend). */
  backend?: Backend;
}

/**
 * One batch: x holds the images, y the class indices as numbers, size the number of examples.
 *
 * @example
 * const step = ({ x, y, size }: Batch) => trainOn(x, y, size);
 */
export interface Batch {
  x: Tensor;
  y: Tensor;
  size: number;
}

interface Slot {
  batch: Batch;
  xHost: FloatArray;
  yHost: FloatArray;
}

/**
 * Cuts a split into batches without allocating during training: the x and y tensors (and their
 * host staging arrays) are made once per batch size and refilled with `backend.write` each step.
 * A yielded batch is therefore valid only until the next one is drawn; copy it to keep it.
 *
 * @example
 * const batcher = new Batcher(train, 64, { shuffle: true, seed: 1, layout: "image", normalize: "standard" });
 * for (let epoch = 0; epoch < 3; epoch++) for (const { x, y } of batcher.epoch()) step(x, y);
 * batcher.dispose();
 */
export class Batcher {
  private readonly shuffle: boolean;
  private readonly dropLast: boolean;
  private readonly layout: Layout;
  private readonly shift: number;
  private readonly affine: { shift: number; scale: number };
  private readonly backend: Backend;
  private rng: Rng;
  private readonly order: Uint32Array;
  private readonly slots = new Map<number, Slot>();

  constructor(
    readonly split: MnistSplit,
    readonly batchSize: number,
    options: BatchOptions = {},
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`Batcher: batchSize must be a positive integer, got ${batchSize}`);
    this.layout = options.layout ?? "flat";
    if (this.layout !== "flat" && this.layout !== "image") throw new Error(`Batcher: layout must be "flat" or "image", got ${JSON.stringify(this.layout)}`);
    this.shift = options.augment?.shift ?? 0;
    if (!Number.isInteger(this.shift) || this.shift < 0) throw new Error(`Batcher: augment.shift must be a non-negative integer, got ${this.shift}`);
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    this.affine = pixelAffine(options.normalize ?? "unit", split.stats);
    this.backend = options.backend ?? getBackend();
    this.rng = new Rng(options.seed ?? 0);
    this.order = new Uint32Array(split.size);
  }

  /** Batches in one epoch. */
  get batchesPerEpoch(): number {
    const n = this.split.size;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /**
   * One pass over the split. Each call continues the Rng, so successive epochs are shuffled (and
   * augmented) differently, and identically for the same seed. Given a `seed`, the generator
   * restarts from it first, so this epoch's order and shifts depend on that seed alone.
   */
  *epoch(seed?: number): Generator<Batch, void, undefined> {
    if (seed !== undefined) this.rng = new Rng(seed);
    const n = this.split.size;
    for (let i = 0; i < n; i++) this.order[i] = i;
    if (this.shuffle) this.rng.shuffle(this.order);
    const end = this.dropLast ? n - (n % this.batchSize) : n;
    for (let start = 0; start < end; start += this.batchSize) yield this.fill(start, Math.min(this.batchSize, end - start));
  }

  /** Frees the batch tensors. */
  dispose(): void {
    for (const { batch } of this.slots.values()) {
      batch.x.dispose();
      batch.y.dispose();
    }
    this.slots.clear();
  }

  private fill(start: number, count: number): Batch {
    const { images, labels, rows, cols } = this.split;
    const { order, shift, rng } = this;
    const pixels = rows * cols;
    const { batch, xHost, yHost } = this.slot(count);
    const x = batch.x.dataId;
    // Raw pixels go up as they are, each image one native uint8 → float copy, and are normalised
    // there in one or two passes over the batch: a table lookup per pixel in JS took 0.3 ms of a
    // 1.7 ms MLP step. (One write per image straight into the backend cost the same as one per
    // batch, and a GPU backend wants few, large uploads.)
    for (let b = 0; b < count; b++) {
      const i = order[start + b];
      yHost[b] = labels[i];
      if (shift > 0) {
        const dy = rng.int(2 * shift + 1) - shift;
        const dx = rng.int(2 * shift + 1) - shift;
        writeShifted(images, i * pixels, xHost, b * pixels, rows, cols, dy, dx);
      } else {
        xHost.set(images.subarray(i * pixels, (i + 1) * pixels), b * pixels);
      }
    }
    this.backend.write(x, xHost);
    if (this.affine.shift !== 0) this.backend.binaryScalar("sub", x, this.affine.shift, x, xHost.length);
    this.backend.binaryScalar("mul", x, this.affine.scale, x, xHost.length);
    this.backend.write(batch.y.dataId, yHost);
    return batch;
  }

  private slot(count: number): Slot {
    let slot = this.slots.get(count);
    if (!slot) {
      const { rows, cols } = this.split;
      const xShape = this.layout === "flat" ? [count, rows * cols] : [count, rows, cols, 1];
      // keep(): a tidy() around a training step must not free tensors that the next step refills.
      const x = keep(empty(xShape, this.backend));
      const y = keep(empty([count], this.backend));
      slot = { batch: { x, y, size: count }, xHost: makeArray(this.backend.dtype, x.size), yHost: makeArray(this.backend.dtype, count) };
      this.slots.set(count, slot);
    }
    return slot;
  }
}
