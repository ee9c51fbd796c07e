import { SoftmaxCrossEntropy } from "@chainrule/losses";
import { evaluate, type Dataset, type Model } from "@chainrule/train";

/**
 * The fraction of `data` the model classifies right (inference mode: BatchNorm uses its running statistics).
 *
 * @example
 * await testAccuracy(model, test); // 0.9712
 */
export async function testAccuracy(model: Model, data: Dataset): Promise<number> {
  const loss = new SoftmaxCrossEntropy();
  try {
    return (await evaluate(model, data, { loss, batchSize: 1000 })).accuracy as number;
  } finally {
    loss.dispose();
  }
}
