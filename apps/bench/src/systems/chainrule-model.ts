// chainrule's side of the benchmark on any backend: the two models, their training step and the
// matmul kernel call. Which backend, and how it starts, is chainrule.ts's job.
import type { Batch } from "@chainrule/data-mnist";
import { Conv2D, Dense, Flatten, MaxPool2D, ReLU, Sequential } from "@chainrule/layers";
import { SoftmaxCrossEntropy } from "@chainrule/losses";
import { Adam } from "@chainrule/optim";
import { getRng, setBackend, setSeed, type Backend } from "@chainrule/tensor";
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
  // The last step's loss, read once the GPU has run that step: a backend without readSync queues its
  // kernels and returns, so each step waits for the one before (two in flight, as the library's fit
  // keeps them) and the epoch for the last. A CPU backend is done when its kernels return and reads nothing.
  let inFlight: Promise<unknown> = Promise.resolve();
  return {
    // Layer outputs and gradients are reused buffers and backward overwrites the parameter
    // gradients, so a step allocates nothing and needs no zeroGrad.
    async step(b: Batch) {
      const value = loss.forward(net.forward(b.x, true), b.y);
      net.backward(loss.backward(), { inputGrad: false });
      optimizer.step();
      if (value.backend.readSync) return;
      const before = inFlight;
      inFlight = value.data();
      await before;
    },
    async finish() {
      await inFlight;
    },
    async countCorrect(b: Batch) {
      const logits = net.forward(b.x, false);
      const cols = logits.shape[1];
      const [scores, labels] = await Promise.all([logits.data(), b.y.data()]);
      let correct = 0;
      for (let i = 0; i < b.size; i++) if (argmaxRow(scores, i * cols, cols) === labels[i]) correct++;
      return correct;
    },
  };
}

function matmulOn(backend: Backend) {
  return ({ m, k, n }: MatmulShape): (() => Promise<void>) => {
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
    if (backend.readSync) return async () => backend.matmul(a, b, out, { m, k, n });
    // On a GPU the product is done when a read queued after it settles. Reading one value copied from
    // it keeps the readback of the whole product out of the time; the round trip to the GPU stays in.
    const done = backend.alloc(1);
    return async () => {
      backend.matmul(a, b, out, { m, k, n });
      backend.copy(out, done, 1);
      await backend.read(done);
    };
  };
}

/**
 * A chainrule system on `backend`, made the default backend with seed 1 (weights are drawn from it).
 *
 * @example
 * const sys = chainruleSystem("chainrule-js", new JsBackend());
 */
export function chainruleSystem(name: SystemName, backend: Backend): System {
  setBackend(backend);
  setSeed(1);
  return { name, dataBackend: backend, computeBackend: backend, createTrainer, createMatmul: matmulOn(backend) };
}
