import type { KernelExports } from "./kernel-exports.js";
import type { LinearAllocator } from "./linear-allocator.js";

/** The kernels a job may run on a worker: matmul by column ranges, the conv and pooling passes by batch slices. */
export const POOL_KERNELS = [
  "matmul", "conv2d", "conv2dBackwardInput", "conv2dBackwardFilter", "maxPool", "maxPoolBackward", "avgPool", "avgPoolBackward",
] as const;
/** The name of a kernel a pool job may run. */
export type PoolKernel = (typeof POOL_KERNELS)[number];

// One control slot per worker, two cache lines, in the shared memory (i32 indices): SEQ is bumped
// by the host to post a job, DONE is set to that SEQ by the worker when finished (FAILED to 1 if
// the kernel trapped), then the job: the kernel's index in POOL_KERNELS, its argument count, its
// (integer) arguments.
const SLOT_BYTES = 128;
const SEQ = 0;
const DONE = 1;
const FAILED = 2;
const KERNEL = 3;
const ARGC = 4;
const ARGS = 5;
const MAX_ARGS = SLOT_BYTES / 4 - ARGS;

/**
 * The worker: instantiates the kernels over the shared memory, then loops waiting for jobs. It
 * spins about 0.1 ms before sleeping in Atomics.wait: a wait / notify round trip measured 27–45 µs
 * here, a spin under 1 µs, and a training step posts jobs back to back.
 */
const WORKER_SOURCE = `(async () => {
const isNode = typeof process === "object" && !!(process.versions && process.versions.node);
// import(), not require: the worker inherits the parent's flags, and --input-type=module makes eval code ESM
const port = isNode ? (await import("node:worker_threads")).parentPort : self;
const kernels = ${JSON.stringify(POOL_KERNELS)};
const start = async ({ module, memory, slot }) => {
  const instance = await WebAssembly.instantiate(module, { env: { memory, abort() { throw new Error("kernel aborted"); } } });
  const k = instance.exports;
  const ctl = new Int32Array(memory.buffer, slot, ${SLOT_BYTES / 4});
  port.postMessage("ready");
  let seen = 0;
  for (;;) {
    let spins = 0;
    while (Atomics.load(ctl, ${SEQ}) === seen) if (++spins > 20000) Atomics.wait(ctl, ${SEQ}, seen);
    seen = Atomics.load(ctl, ${SEQ});
    // a trap must not leave the caller spinning: DONE is set whatever happens
    try {
      k[kernels[ctl[${KERNEL}]]](...ctl.subarray(${ARGS}, ${ARGS} + ctl[${ARGC}]));
      ctl[${FAILED}] = 0;
    } catch {
      ctl[${FAILED}] = 1;
    }
    Atomics.store(ctl, ${DONE}, seen);
  }
};
if (isNode) port.once("message", start);
else self.onmessage = (e) => start(e.data);
})();
`;

/** What the pool needs of a worker: post it one message, know when it dies. */
interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): unknown;
}

/** Starts one worker running WORKER_SOURCE, in Node (worker_threads, unref'd) or a browser. */
async function spawnWorker(): Promise<{ worker: WorkerLike; ready: Promise<void> }> {
  if (typeof process === "object" && process.versions?.node) {
    const specifier = "node:worker_threads";
    const { Worker } = (await import(/* @vite-ignore */ specifier)) as typeof import("node:worker_threads");
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref(); // a pool must never keep Node from exiting
    const ready = new Promise<void>((resolve, reject) => {
      worker.once("message", () => resolve());
      worker.once("error", reject);
    });
    return { worker, ready };
  }
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
  const worker = new Worker(url);
  const ready = new Promise<void>((resolve, reject) => {
    worker.onmessage = () => resolve();
    worker.onerror = (e) => reject(new Error(`wasm backend: worker failed to start: ${e.message}`));
  });
  return { worker, ready };
}

/**
 * Worker threads sharing the backend's memory, used to split a matmul by columns and the conv and
 * pooling passes by images. The calling thread always computes a share itself: two spinning workers plus
 * an idle, spinning main thread collapsed to 0.01x–0.33x on small shapes when measured.
 */
export class ThreadPool {
  private seq = 0;
  private readonly works: { ptr: number; bytes: number }[];

  private constructor(
    private readonly heap: LinearAllocator,
    private readonly workers: WorkerLike[],
    private readonly slots: number[],
  ) {
    this.works = workers.map(() => ({ ptr: 0, bytes: 0 }));
  }

  /** Starts `count` workers over the shared `memory`; each gets a control slot from `heap`. */
  static async start(count: number, module: WebAssembly.Module, memory: WebAssembly.Memory, heap: LinearAllocator): Promise<ThreadPool> {
    const slots: number[] = [], workers: WorkerLike[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const slot = heap.alloc(SLOT_BYTES);
        heap.i32.fill(0, slot / 4, slot / 4 + SLOT_BYTES / 4);
        slots.push(slot);
        const { worker, ready } = await spawnWorker();
        workers.push(worker);
        worker.postMessage({ module, memory, slot });
        await ready;
      }
    } catch (e) {
      workers.forEach((w) => w.terminate());
      throw e;
    }
    return new ThreadPool(heap, workers, slots);
  }

  /** Threads a job is split over, the calling thread included. */
  get threads(): number {
    return this.workers.length + 1;
  }

  /** Scratch of at least `bytes` for worker `w` (0-based), kept and replaced only when too small. */
  workerScratch(w: number, bytes: number): number {
    const s = this.works[w];
    if (bytes > s.bytes) {
      if (s.bytes > 0) this.heap.free(s.ptr, s.bytes);
      s.ptr = this.heap.alloc(bytes);
      s.bytes = bytes;
    }
    return s.ptr;
  }

  /**
   * Runs `kernel` with jobs[0]'s arguments on the calling thread (through `k`) and jobs[i]'s on
   * worker i − 1, and returns when all are done. Workers' jobs must not overlap in what they write.
   */
  run(k: KernelExports, kernel: PoolKernel, jobs: readonly (readonly number[])[]): void {
    if (jobs.length > this.threads) throw new Error(`thread pool: ${jobs.length} jobs for ${this.threads} threads`);
    for (const args of jobs) {
      if (args.length > MAX_ARGS) throw new Error(`thread pool: ${kernel} takes ${args.length} arguments, a slot holds ${MAX_ARGS}`);
    }
    const i32 = this.heap.i32;
    this.seq++;
    const posted: number[] = [];
    for (let w = 0; w + 1 < jobs.length; w++) {
      const args = jobs[w + 1];
      const s = this.slots[w] / 4;
      i32[s + KERNEL] = POOL_KERNELS.indexOf(kernel);
      i32[s + ARGC] = args.length;
      i32.set(args, s + ARGS);
      Atomics.store(i32, s + SEQ, this.seq);
      Atomics.notify(i32, s + SEQ);
      posted.push(s);
    }
    // the workers keep writing into shared memory until DONE: wait for them even if this share throws
    try {
      (k[kernel] as (...args: number[]) => void)(...jobs[0]);
    } finally {
      // the main thread of a browser may not Atomics.wait: spin on the workers' DONE words
      for (const s of posted) while (Atomics.load(i32, s + DONE) !== this.seq);
    }
    const failed = posted.filter((s) => i32[s + FAILED] !== 0).length;
    if (failed > 0) throw new Error(`wasm backend: ${kernel} trapped on ${failed} worker thread${failed > 1 ? "s" : ""} (memory access out of bounds?)`);
  }

  /** Stops the workers (the pool is unusable afterwards). */
  terminate(): void {
    this.workers.forEach((w) => w.terminate());
  }
}
