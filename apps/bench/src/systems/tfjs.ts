import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import type { Batch } from "@chainrule/data-mnist";
import { JsBackend } from "@chainrule/tensor";
import type { MatmulShape, ModelName, SystemName, TrainSpec } from "../plan.js";
import type { System, Trainer } from "./system.js";

const PIXELS = 784;
const CLASSES = 10;

/** The two architectures in TF.js's layers API; logits out, the loss applies the softmax. */
function buildModel(model: ModelName): tf.Sequential {
  if (model === "mlp") {
    return tf.sequential({
      layers: [tf.layers.dense({ inputShape: [PIXELS], units: 128, activation: "relu" }), tf.layers.dense({ units: CLASSES })],
    });
  }
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 5, padding: "valid", activation: "relu" }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 5, padding: "valid", activation: "relu" }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: CLASSES }),
    ],
  });
}

function createTrainer(model: ModelName, spec: TrainSpec): Trainer {
  const net = buildModel(model);
  const optimizer = tf.train.adam(spec.lr, spec.beta1, spec.beta2, spec.eps);
  // The batch arrives staged in a chainrule JS backend; dataSync copies it out (about 0.4 MB, microseconds).
  const input = (b: Batch) => tf.tensor(b.x.dataSync(), [...b.x.shape]);
  const labels = (b: Batch) => tf.tensor1d(Int32Array.from(b.y.dataSync()), "int32");
  return {
    async step(b) {
      tf.tidy(() => {
        const x = input(b);
        const y = tf.oneHot(labels(b), CLASSES);
        // returnCost = false: like the chainrule loop, the step never reads the loss back.
        optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, net.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, false);
      });
    },
    // Both backends run kernels eagerly and synchronously: a step is done when it returns.
    finish: async () => undefined,
    async countCorrect(b) {
      return tf.tidy(() => {
        const predicted = (net.predict(input(b)) as tf.Tensor).argMax(-1);
        return predicted.equal(labels(b)).sum().dataSync()[0];
      });
    },
  };
}

function createMatmul({ m, k, n }: MatmulShape): () => Promise<void> {
  const a = tf.randomNormal([m, k], 0, 1, "float32", 1);
  const b = tf.randomNormal([k, n], 0, 1, "float32", 2);
  // Both backends run kernels eagerly and synchronously, so the product is done when matMul returns.
  return async () => tf.matMul(a, b).dispose();
}

/** Points the WASM backend at its .wasm files inside node_modules, so nothing is fetched. */
function useLocalWasmFiles(): void {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
  setWasmPaths(dir + path.sep);
}

/**
 * TensorFlow.js 4.22 on its `cpu` (plain JS) or `wasm` backend (XNNPACK with SIMD; one thread
 * under Node).
 *
 * @example
 * const sys = await createTfjsSystem("tfjs-wasm", "wasm");
 */
export async function createTfjsSystem(name: SystemName, backend: "cpu" | "wasm"): Promise<System> {
  if (backend === "wasm") useLocalWasmFiles();
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js could not start its ${backend} backend`);
  await tf.ready();
  return { name, dataBackend: new JsBackend(), computeBackend: null, createTrainer, createMatmul };
}
