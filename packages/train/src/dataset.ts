import { empty, getBackend, mixSeeds, Rng, sizeOf, type Backend, type Shape, type Tensor } from "@chainrule/tensor";

/** One batch: inputs, targets and how many samples it holds. */
export interface Batch {
  x: Tensor;
  y: Tensor;
  size: number;
}

/** How {@link Dataset.batches} walks the samples. */
export interface BatchOptions {
  /** Visit the samples in a random order (default false). */
  shuffle?: boolean;
  /** Seed of the order; the same seed and epoch give the same order on every backend. */
  seed?: number;
  /** Epoch number, mixed into the seed so each epoch gets a new order. */
  epoch?: number;
}

/**
 * What `fit` and `evaluate` train on: a size and a way to walk it in batches. Batch tensors belong
 * to the dataset and stay valid until the next batch is asked for, so a dataset may reuse them.
 * Train never imports a dataset package: MNIST, a synthetic task or a browser upload all fit here.
 *
 * @example
 * const data: Dataset = { size: 2, *batches() { yield { x, y, size: 2 }; } };
 */
export interface Dataset {
  readonly size: number;
  batches(batchSize: number, opts?: BatchOptions): Iterable<Batch>;
}

/** Inputs and labels held on the host, as {@link arrayDataset} takes them. */
export interface ArrayDatasetSource {
  /** Samples one after another, `sampleShape` values each. */
  x: ArrayLike<number>;
  /** Shape of one sample (no batch axis), e.g. [784] or [28, 28, 1]. */
  sampleShape: Shape;
  /** One target per sample: a class index, or `targetShape` values each when given. */
  y: ArrayLike<number>;
  /** Shape of one target; omit for class indices (batches then carry y of shape [batch]). */
  targetShape?: Shape;
  backend?: Backend;
}

/**
 * A {@link Dataset} over host arrays: batches are gathered into two tensors reused from batch to
 * batch (a smaller last batch gets its own pair).
 *
 * @example
 * const data = arrayDataset({ x: xs, sampleShape: [2], y: labels });
 * for (const { x, y } of data.batches(32, { shuffle: true, seed: 1 })) { ... }
 */
export function arrayDataset(src: ArrayDatasetSource): Dataset {
  const xPer = sizeOf(src.sampleShape);
  const yPer = src.targetShape ? sizeOf(src.targetShape) : 1;
  const size = src.x.length / xPer;
  if (!Number.isInteger(size)) {
    throw new RangeError(`arrayDataset: x holds ${src.x.length} values, not a whole number of samples of shape [${src.sampleShape.join(", ")}]`);
  }
  if (src.y.length !== size * yPer) {
    throw new RangeError(`arrayDataset: x holds ${size} samples but y holds ${src.y.length / yPer} targets`);
  }
  const backend = src.backend ?? getBackend();
  const pairs = new Map<number, { x: Tensor; y: Tensor; xs: Float32Array; ys: Float32Array }>();
  const pairFor = (n: number) => {
    let p = pairs.get(n);
    if (!p) {
      p = {
        x: empty([n, ...src.sampleShape], backend),
        y: empty(src.targetShape ? [n, ...src.targetShape] : [n], backend),
        xs: new Float32Array(n * xPer),
        ys: new Float32Array(n * yPer),
      };
      pairs.set(n, p);
    }
    return p;
  };
  return {
    size,
    *batches(batchSize: number, opts: BatchOptions = {}): Iterable<Batch> {
      if (!(batchSize >= 1) || !Number.isInteger(batchSize)) throw new RangeError(`arrayDataset: batchSize must be a positive integer, got ${batchSize}`);
      const order = opts.shuffle ? epochOrder(size, opts.seed ?? 0, opts.epoch ?? 0) : null;
      for (let start = 0; start < size; start += batchSize) {
        const n = Math.min(batchSize, size - start);
        const p = pairFor(n);
        for (let i = 0; i < n; i++) {
          const s = order ? order[start + i] : start + i;
          for (let j = 0; j < xPer; j++) p.xs[i * xPer + j] = src.x[s * xPer + j];
          for (let j = 0; j < yPer; j++) p.ys[i * yPer + j] = src.y[s * yPer + j];
        }
        backend.write(p.x.dataId, p.xs);
        backend.write(p.y.dataId, p.ys);
        yield { x: p.x, y: p.y, size: n };
      }
    },
  };
}

/**
 * The sample order of one epoch: a permutation drawn from a generator seeded with seed and epoch,
 * so runs repeat exactly.
 *
 * @example
 * epochOrder(60000, 42, 3); // Uint32Array permutation of 0..59999
 */
export function epochOrder(size: number, seed: number, epoch: number): Uint32Array {
  return new Rng(mixSeeds(seed, epoch)).permutation(size);
}
