import { empty, formatShape, getBackend, mixSeeds, Rng, shapesEqual, sizeOf, type Backend, type NestedArray, type Shape, type Tensor } from "@chainrule/tensor";
import { flattenNested } from "./nested-values.js";

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
 * What `Trainer`, `fit` and `evaluate` walk: a size and a way to walk it in batches, one call of
 * `batches` per epoch. Batch tensors belong to the dataset and stay valid until the next batch is
 * asked for, so a dataset may reuse them.
 * Train never imports a dataset package: MNIST, a synthetic task or a browser upload all fit here.
 *
 * @example
 * const data: Dataset = { size: 2, *batches() { yield { x, y, size: 2 }; } };
 */
export interface Dataset {
  readonly size: number;
  batches(batchSize: number, opts?: BatchOptions): Iterable<Batch>;
}

/**
 * Inputs and labels held on the host, as {@link arrayDataset} takes them: flat arrays with the
 * shape of one entry, or nested arrays with one entry per sample, whose shape gives it.
 *
 * @example
 * const xor: ArrayDatasetSource = { x: [[0, 0], [0, 1], [1, 0], [1, 1]], y: [0, 1, 1, 0] };
 */
export interface ArrayDatasetSource {
  /** Samples: flat, one after another (`sampleShape` values each), or nested, one entry per sample (`[[0, 1], [1, 0]]`). */
  x: ArrayLike<number> | readonly NestedArray[];
  /** Shape of one sample (no batch axis), e.g. [784] or [28, 28, 1]: needed when x is flat, checked when it is nested. */
  sampleShape?: Shape;
  /**
   * One target per sample: flat, a class index or `targetShape` values each, or nested, one entry
   * per sample (`[[1, 0], [0, 1]]`, whose shape gives `targetShape`).
   */
  y: ArrayLike<number> | readonly NestedArray[];
  /** Shape of one target; omit for class indices (batches then carry y of shape [batch]). */
  targetShape?: Shape;
  backend?: Backend;
}

/**
 * A {@link Dataset} over host arrays: batches are gathered into two tensors reused from batch to
 * batch (a smaller last batch gets its own pair). Nested arrays are flattened once, here.
 *
 * @example
 * const data = arrayDataset({ x: xs, sampleShape: [2], y: labels });
 * const xor = arrayDataset({ x: [[0, 0], [0, 1], [1, 0], [1, 1]], y: [0, 1, 1, 0] }); // sampleShape [2]
 * for (const { x, y } of data.batches(32, { shuffle: true, seed: 1 })) { ... }
 */
export function arrayDataset(src: ArrayDatasetSource): Dataset {
  const xs = entries("x", src.x, src.sampleShape, "sampleShape");
  const ys = entries("y", src.y, src.targetShape, "targetShape");
  const sampleShape = xs.shape;
  if (!sampleShape) {
    throw new TypeError("arrayDataset: sampleShape is needed when x is flat: give the shape of one sample, or pass x as nested arrays (one entry per sample)");
  }
  const targetShape = ys.shape;
  const xPer = sizeOf(sampleShape);
  const yPer = targetShape ? sizeOf(targetShape) : 1;
  const size = xs.values.length / xPer;
  if (!Number.isInteger(size)) {
    throw new RangeError(`arrayDataset: x holds ${xs.values.length} values, not a whole number of samples of shape ${formatShape(sampleShape)}`);
  }
  if (ys.values.length !== size * yPer) {
    throw new RangeError(`arrayDataset: x holds ${size} samples but y holds ${ys.values.length / yPer} targets`);
  }
  const backend = src.backend ?? getBackend();
  const pairs = new Map<number, { x: Tensor; y: Tensor; xs: Float32Array; ys: Float32Array }>();
  const pairFor = (n: number) => {
    let p = pairs.get(n);
    if (!p) {
      p = {
        x: empty([n, ...sampleShape], backend),
        y: empty(targetShape ? [n, ...targetShape] : [n], backend),
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
          for (let j = 0; j < xPer; j++) p.xs[i * xPer + j] = xs.values[s * xPer + j];
          for (let j = 0; j < yPer; j++) p.ys[i * yPer + j] = ys.values[s * yPer + j];
        }
        backend.write(p.x.dataId, p.xs);
        backend.write(p.y.dataId, p.ys);
        yield { x: p.x, y: p.y, size: n };
      }
    },
  };
}

/**
 * One field of an {@link ArrayDatasetSource} as flat values and the shape of one entry: read off
 * nested arrays (and checked against the declared shape), else the declared shape.
 */
function entries(
  field: "x" | "y", values: ArrayLike<number> | readonly NestedArray[], declared: Shape | undefined, option: string,
): { values: ArrayLike<number>; shape: Shape | undefined } {
  if (!(Array.isArray(values) && values.some((v) => Array.isArray(v)))) return { values: values as ArrayLike<number>, shape: declared };
  const nested = flattenNested("arrayDataset", field, values as readonly NestedArray[]);
  const shape = nested.shape.slice(1);
  if (declared && !shapesEqual(declared, shape)) {
    throw new RangeError(`arrayDataset: ${field} holds entries of shape ${formatShape(shape)} but ${option} is ${formatShape(declared)}`);
  }
  return { values: nested.values, shape };
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
