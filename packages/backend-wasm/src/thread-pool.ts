import type { KernelExports } from "./kernel-exports.js";
import type { LinearAllocator } from "./linear-allocator.js";

// One control slot per worker, a cache line each, in the shared memory (i32 indices):
// SEQ is bumped by the host to post a job, DONE is set to that SEQ by the worker when finished,
// ARGS holds the job's arguments (the 13 integer arguments of the matmul kernel).
const SLOT_BYTES = 64;
const SEQ = 0;
const DONE = 1;
const ARGS = 2;
const MATMUL_ARGS = 13;

/**
 * The worker: instantiates the kernels over the shared memory, then loops waiting for jobs. It
 * spins about 0.1 ms before sleeping in Atomics.wait: a wait / notify round trip measured 27–45 µs
 * here, a spin under 1 µs, and a training step posts jobs back to back.
 */
const WORKER_SOURCE = `(async () => {
const isNode = typeof process === "object" && !!(process.versions && process.versions.node);
// import(), not require: the worker inherits the parent's flags, and --input-type=module makes eval code ESM
const port = isNode ? (await import("node:worker_threads")).parentPort : self;
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
    const a = ctl.subarray(${ARGS}, ${ARGS + MATMUL_ARGS});
    k.matmul(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12]);
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
 * Worker threads sharing the backend's memory, used to split a matmul by columns. The calling
 * thread always computes a share itself: two spinning workers plus an idle, spinning main thread
 * collapsed to 0.01x–0.33x on small shapes when measured.
 */
export class ThreadPool {
  private seq = 0;

  private constructor(
    private readonly heap: LinearAllocator,
    private readonly workers: WorkerLike[],
    private readonly slots: number[],
    private readonly works: number[],
  ) {}

  /** Starts `count` workers over the shared `memory`; each gets a control slot and GEMM scratch from `heap`. */
  static async start(count: number, module: WebAssembly.Module, memory: WebAssembly.Memory, heap: LinearAllocator, workBytes: number): Promise<ThreadPool> {
    const slots: number[] = [], works: number[] = [], workers: WorkerLike[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const slot = heap.alloc(SLOT_BYTES);
        heap.i32.fill(0, slot / 4, slot / 4 + SLOT_BYTES / 4);
        slots.push(slot);
        works.push(heap.alloc(workBytes));
        const { worker, ready } = await spawnWorker();
        workers.push(worker);
        worker.postMessage({ module, memory, slot });
        await ready;
      }
    } catch (e) {
      workers.forEach((w) => w.terminate());
      throw e;
    }
    return new ThreadPool(heap, workers, slots, works);
  }

  /** Threads a job is split over, the calling thread included. */
  get threads(): number {
    return this.workers.length + 1;
  }

  /**
   * out = op(a)·op(b) (see the matmul kernel) with columns split in multiples of 8 between the
   * workers and the caller, who runs the first share on `k` with its own `work`.
   */
  matmul(k: KernelExports, args: { a: number; b: number; out: number; bias: number; m: number; n: number; kk: number; transA: number; transB: number; accumulate: number }, work: number): void {
    const per = Math.ceil(args.n / this.threads / 8) * 8;
    const i32 = this.heap.i32;
    this.seq++;
    const posted: number[] = [];
    for (let w = 0; w < this.workers.length; w++) {
      const n0 = (w + 1) * per, n1 = Math.min(args.n, n0 + per);
      if (n0 >= n1) break;
      const s = this.slots[w] / 4;
      i32.set([args.a, args.b, args.out, args.bias, args.m, args.n, args.kk, args.transA, args.transB, args.accumulate, n0, n1, this.works[w]], s + ARGS);
      Atomics.store(i32, s + SEQ, this.seq);
      Atomics.notify(i32, s + SEQ);
      posted.push(s);
    }
    k.matmul(args.a, args.b, args.out, args.bias, args.m, args.n, args.kk, args.transA, args.transB, args.accumulate, 0, Math.min(per, args.n), work);
    // the main thread of a browser may not Atomics.wait: spin on the workers' DONE words
    for (const s of posted) while (Atomics.load(i32, s + DONE) !== this.seq);
  }

  /** Stops the workers (the pool is unusable afterwards). */
  terminate(): void {
    this.workers.forEach((w) => w.terminate());
  }
}
