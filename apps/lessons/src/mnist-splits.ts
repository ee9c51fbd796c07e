import { splitDataset, type SplitDataset } from "@chainrule/data-mnist";
import type { LessonContext } from "./lesson.js";

/** Flat, standardised MNIST batches for training and testing, and how to free them. */
export interface FlatSplits {
  train: SplitDataset;
  test: SplitDataset;
  dispose(): void;
}

/**
 * The first `trainSize` training images and the first `testSize` test images as flat [batch, 784]
 * batches, pixels standardised with the training set's mean and deviation.
 *
 * @example
 * const { train, test, dispose } = await flatSplits(ctx, { trainSize: 60000, testSize: 10000 });
 */
export async function flatSplits(ctx: LessonContext, o: { trainSize: number; testSize: number }): Promise<FlatSplits> {
  const mnist = await ctx.mnist();
  const train = splitDataset(mnist.train.slice(0, o.trainSize), { layout: "flat", normalize: "standard" });
  const test = splitDataset(mnist.test.slice(0, o.testSize), { layout: "flat", normalize: "standard" });
  return { train, test, dispose: () => (train.dispose(), test.dispose()) };
}
