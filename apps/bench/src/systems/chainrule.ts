import { setFlagsFromString } from "node:v8";
import { createWasmBackend, WasmBackend } from "@chainrule/backend-wasm";
import type { Batch } from "@chainrule/data-mnist";
import { Conv2D, Dense, Flatten, MaxPool2D, ReLU, Sequential } from "@chainrule/layers";
import { SoftmaxCrossEntropy } from "@chainrule/losses";
import { Adam } from "@chainrule/optim";
import { getRng, JsBackend, setBackend, setSeed, type Backend } from "@chainrule/tensor";
import type { MatmulShape, ModelName, SystemName, TrainSpec } from "../plan.js";
import type { System, Trainer } from "./system.js";

/** TF.js's default initializer, used here too so both systems start from the same distribution. */
const INIT = "glorotUniform";

function buildModel(model: ModelName): Sequential {
  if (model === "mlp") {
    return new Sequential([new Dense({ units: 128, kernelInitializer: INIT }), new ReLU(), new Dense({ units: 10, kernelInitializer: INIT })], {
      inputShape: [784],
    });
  }
  return new Sequential(
    [
      new Conv2D({ filters: 8, kernelSize: 5, padding: "valid", kernelInitializer: INIT }), new ReLU(), new MaxPool2D({ poolSize: 2 }),
      new Conv2D({ filters: 16, kernelSize: 5, padding: "valid", kernelInitializer: INIT }), new ReLU(), new MaxPool2D({ poolSize: 2 }),
      new Flatten(), new Dense({ units: 10, kernelInitializer: INIT }),
    ],
    { inputShape: [28, 28, 1] },
  );
}

/** Index of the largest of `cols` values starting at `offset`. */
function argmaxRow(values: ArrayLike<number>, offset: number, cols: number): number {
  let best = 0;
  for (let c = 1; c < cols; c++) if (values[offset + c] > values[offset + best]) best = c;
  return best;
}

function createTrainer(model: ModelName, spec: TrainSpec): Trainer {
  const net = buildModel(model);
  const loss = new SoftmaxCrossEntropy();
  const optimizer = new Adam(net.parameters(), { lr: spec.lr, beta1: spec.beta1, beta2: spec.beta2, eps: spec.eps });
  return {
    // Layer outputs and gradients are reused buffers and backward overwrites the parameter
    // gradients, so a step allocates nothing and needs no zeroGrad.
    step(b: Batch) {
      loss.forward(net.forward(b.x, true), b.y);
      net.backward(loss.backward(), { inputGrad: false });
      optimizer.step();
    },
    countCorrect(b: Batch) {
      const logits = net.forward(b.x, false);
      const cols = logits.shape[1];
      const scores = logits.dataSync();
      const labels = b.y.dataSync();
      let correct = 0;
      for (let i = 0; i < b.size; i++) if (argmaxRow(scores, i * cols, cols) === labels[i]) correct++;
      return correct;
    },
  };
}

function matmulOn(backend: Backend) {
  return ({ m, k, n }: MatmulShape): (() => void) => {
    const rng = getRng();
    const filled = (size: number) => {
      const id = backend.alloc(size);
      backend.write(id, Float32Array.from({ length: size }, () => rng.normal(0, 1)));
      return id;
    };
    const a = filled(m * k);
    const b = filled(k * n);
    const out = backend.alloc(m * n);
    // The kernel itself, as a Dense layer calls it: no tensor bookkeeping, output preallocated.
    return () => backend.matmul(a, b, out, { m, k, n });
  };
}

/**
 * chainrule on its JS reference backend or its WASM SIMD backend with `threads` threads. The WASM
 * backend runs its fused multiply-add kernels, as in browsers, Node ≥ 22 and the chainrule-mnist
 * CLI: Node 20 needs the relaxed-SIMD flag for them, set here before the kernels compile.
 *
 * @example
 * const sys = await createChainruleSystem("chainrule-wasm-2t", "wasm", 2);
 */
export async function createChainruleSystem(name: SystemName, kind: "js" | "wasm", threads = 1): Promise<System> {
  if (kind === "wasm") setFlagsFromString("--experimental-wasm-relaxed-simd");
  const backend = kind === "js" ? new JsBackend() : await createWasmBackend({ threads, fma: true });
  // The WASM backend quietly falls back to one thread without shared memory; a row must not claim two.
  if (backend instanceof WasmBackend && backend.threads !== threads) {
    throw new Error(`asked for ${threads} WASM threads but the backend runs ${backend.threads} (no SharedArrayBuffer or worker threads?)`);
  }
  setBackend(backend);
  setSeed(1);
  return { name, dataBackend: backend, computeBackend: backend, createTrainer, createMatmul: matmulOn(backend) };
}
