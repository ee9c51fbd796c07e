/** chainrule on its two CPU backends and on WebGPU, and TF.js on its two Node-capable backends: each row runs in a Node process. */
export const NODE_SYSTEMS = ["chainrule-js", "chainrule-wasm-1t", "chainrule-wasm-2t", "chainrule-webgpu", "tfjs-cpu", "tfjs-wasm"] as const;

/** Native PyTorch on the CPU with 1 and 2 threads: each row runs python/pytorch_bench.py. */
export const PYTORCH_SYSTEMS = ["pytorch-cpu-1t", "pytorch-cpu-2t"] as const;

/** Every system compared. */
export const SYSTEMS = [...NODE_SYSTEMS, ...PYTORCH_SYSTEMS] as const;

/** One of {@link NODE_SYSTEMS}. */
export type NodeSystemName = (typeof NODE_SYSTEMS)[number];

/** One of {@link PYTORCH_SYSTEMS}. */
export type PytorchSystemName = (typeof PYTORCH_SYSTEMS)[number];

/** One of {@link SYSTEMS}. */
export type SystemName = NodeSystemName | PytorchSystemName;

/** The threads each PyTorch system runs (OMP_NUM_THREADS and torch.set_num_threads). */
export const PYTORCH_THREADS: Readonly<Record<PytorchSystemName, number>> = { "pytorch-cpu-1t": 1, "pytorch-cpu-2t": 2 };

/** True for the systems that run in Python. */
export function isPytorchSystem(s: SystemName): s is PytorchSystemName {
  return (PYTORCH_SYSTEMS as readonly string[]).includes(s);
}

/** A square or rectangular product [m, k] · [k, n]. */
export interface MatmulShape {
  m: number;
  k: number;
  n: number;
}

/** The matmul workloads by name; "matmul" on the command line means all of them. */
export const MATMUL_WORKLOADS: Readonly<Record<string, MatmulShape>> = {
  "matmul-256": { m: 256, k: 256, n: 256 },
  "matmul-512": { m: 512, k: 512, n: 512 },
  "matmul-1024": { m: 1024, k: 1024, n: 1024 },
  // A Dense layer's forward at batch 128: [128, 784] · [784, 128].
  "matmul-128x784x128": { m: 128, k: 784, n: 128 },
};

/** The models trained for one epoch of MNIST. */
export const TRAIN_WORKLOADS = ["mlp", "cnn"] as const;

/** One of {@link TRAIN_WORKLOADS}. */
export type ModelName = (typeof TRAIN_WORKLOADS)[number];

/** Every workload a run can name. */
export const WORKLOADS: readonly string[] = [...TRAIN_WORKLOADS, ...Object.keys(MATMUL_WORKLOADS)];

/** Hyperparameters shared by every system, so only the implementation differs. */
export interface TrainSpec {
  batchSize: number;
  lr: number;
  beta1: number;
  beta2: number;
  /** Adam's ε, set explicitly because the defaults differ (TF.js 1e-7, PyTorch 1e-8). */
  eps: number;
}

const ADAM = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/** mlp: 784-128 (ReLU) -10; cnn: conv 8@5×5 + ReLU, pool 2, conv 16@5×5 + ReLU, pool 2, dense 10. */
export const TRAIN_SPECS: Readonly<Record<ModelName, TrainSpec>> = {
  mlp: { batchSize: 128, ...ADAM },
  cnn: { batchSize: 64, ...ADAM },
};

/** True for "mlp" and "cnn". */
export function isModelName(w: string): w is ModelName {
  return (TRAIN_WORKLOADS as readonly string[]).includes(w);
}

/**
 * Expands the workload names of a command line ("matmul" stands for every matmul shape) and
 * checks them.
 *
 * @example
 * expandWorkloads(["mlp", "matmul"]); // ["mlp", "matmul-256", "matmul-512", "matmul-1024", "matmul-128x784x128"]
 */
export function expandWorkloads(names: readonly string[]): string[] {
  const out = names.flatMap((w) => (w === "matmul" ? Object.keys(MATMUL_WORKLOADS) : [w]));
  for (const w of out) {
    if (!WORKLOADS.includes(w)) throw new Error(`unknown workload '${w}': choose from ${["matmul", ...WORKLOADS].join(", ")}`);
  }
  return [...new Set(out)];
}

/**
 * Checks system names against {@link SYSTEMS}.
 *
 * @example
 * checkSystems(["tfjs-cpu"]); // ["tfjs-cpu"]
 */
export function checkSystems(names: readonly string[]): SystemName[] {
  for (const s of names) {
    if (!(SYSTEMS as readonly string[]).includes(s)) throw new Error(`unknown system '${s}': choose from ${SYSTEMS.join(", ")}`);
  }
  return [...new Set(names)] as SystemName[];
}

/** Seed of the epoch's sample order, the same for every system. */
export const SHUFFLE_SEED = 42;
