import type { KernelExports } from "./kernel-exports.js";
import type { LinearAllocator } from "./linear-allocator.js";

/**
 * The kernels a job may run on a worker: matmul by rows, columns or k, the conv and pooling passes
 * by batch slices, Adam and the elementwise kernels by element ranges.
 */
export const POOL_KERNELS = [
  "matmul", "conv2d", "conv2dBackwardInput", "conv2dBackwardFilter", "maxPool", "maxPoolBackward", "avgPool", "avgPoolBackward", "adamUpdate",
  "binaryRow", "unary", "activation", "activationBackward",
] as const;
/** The name of a kernel a pool job may run. */
export type PoolKernel = (typeof POOL_KERNELS)[number];

// One control slot per worker, four cache lines, in the shared memory (i32 indices): SEQ is bumped
// by the host to post a job, DONE is set to that SEQ by the worker when finished (FAILED to 1 if
// the kernel trapped), then the job: the kernel's index in POOL_KERNELS, its argument count, and
// from byte ARGS_AT its arguments as float64, which carry i32 pointers and counts and f32
// hyperparameters alike exactly.
const SLOT_BYTES = 256;
const SEQ = 0;
const DONE = 1;
const FAILED = 2;
const KERNEL = 3;
const ARGC = 4;
const ARGS_AT = 24;
const MAX_ARGS = (SLOT_BYTES - ARGS_AT) / 8;

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
  const args = new Float64Array(memory.buffer, slot + ${ARGS_AT}, ${MAX_ARGS});
  port.postMessage("ready");
  let seen = 0;
  for (;;) {
    let spins = 0;
    while (Atomics.load(ctl, ${SEQ}) === seen) if (++spins > 20000) Atomics.wait(ctl, ${SEQ}, seen);
    seen = Atomics.load(ctl, ${SEQ});
    // a trap must not leave the caller spinning: DONE is set whatever happens
    try {
      k[kernels[ctl[${KERNEL}]]](...args.subarray(0, ctl[${ARGC}]));
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

/** What the pool needs of a worker: post it one message, stop it. */
interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): unknown;
}

/**
 * Starts one worker running WORKER_SOURCE, in Node (worker_threads, unref'd) or a browser. `ready`
 * settles when it has instantiated the kernels; `onDeath` hears of its end (Node: an uncaught error
 * or an exit, a browser: an error; a browser reports no termination) with what happened.
 */
async function spawnWorker(onDeath: (what: string) => void): Promise<{ worker: WorkerLike; ready: Promise<void> }> {
  if (typeof process === "object" && process.versions?.node) {
    // A variable, so bundlers do not pull a Node module into a browser build; the comments tell
    // webpack 5 and Vite to leave this import alone instead of warning that it is an expression.
    const specifier = "node:worker_threads";
    const { Worker } = (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as typeof import("node:worker_threads");
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref(); // a pool must never keep Node from exiting
    const ready = new Promise<void>((resolve, reject) => {
      worker.once("message", () => resolve());
      worker.once("error", (e) => {
        reject(e);
        onDeath(`failed: ${String(e)}`);
      });
      worker.once("exit", (code) => {
        reject(new Error(`wasm backend: worker exited (exit code ${code}) while starting`));
        onDeath(`exited (exit code ${code})`);
      });
    });
    return { worker, ready };
  }
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
  const worker = new Worker(url);
  const ready = new Promise<void>((resolve, reject) => {
    worker.onmessage = () => resolve();
    worker.onerror = (e) => {
      reject(new Error(`wasm backend: worker failed to start: ${e.message}`));
      onDeath(`failed: ${e.message}`);
    };
  });
  return { worker, ready };
}

/** How long the calling thread waits for a worker beyond 10x its own share before declaring it dead. */
const STALL_MS = 10_000;

/**
 * Worker threads sharing the backend's memory, used to split a matmul by columns and the conv and
 * pooling passes by images. The calling thread always computes a share itself: two spinning workers plus
 * an idle, spinning main thread collapsed to 0.01x–0.33x on small shapes when measured.
 *
 * A worker that dies (terminated, crashed, out of memory) fails the pool for good: the call waiting
 * on it, and every later one, throws saying which worker and how. The calling thread spins without
 * returning to the event loop, so a death during a call is seen as a stall: a worker that has not
 * finished its share `stallMs` plus 10x the calling thread's own share after that share is done.
 */
export class ThreadPool {
  private seq = 0;
  private readonly workers: WorkerLike[] = [];
  private readonly slots: number[] = [];
  /** Each slot's argument area; a view of shared memory stays valid when the memory grows. */
  private readonly argViews: Float64Array[] = [];
  private readonly works: { ptr: number; bytes: number }[] = [];
  private stopped = false;
  /** What broke the pool (a worker's death), or null while it works. */
  private failure: string | null = null;
  /** The stall allowance, in ms; see the class comment. */
  stallMs = STALL_MS;

  private constructor(private readonly heap: LinearAllocator) {}

  /** Starts `count` workers over the shared `memory`; each gets a control slot from `heap`. */
  static async start(count: number, module: WebAssembly.Module, memory: WebAssembly.Memory, heap: LinearAllocator): Promise<ThreadPool> {
    const pool = new ThreadPool(heap);
    try {
      for (let i = 0; i < count; i++) await pool.addWorker(module, memory);
    } catch (e) {
      pool.terminate();
      throw e;
    }
    return pool;
  }

  private async addWorker(module: WebAssembly.Module, memory: WebAssembly.Memory): Promise<void> {
    const slot = this.heap.alloc(SLOT_BYTES);
    this.heap.i32.fill(0, slot / 4, slot / 4 + SLOT_BYTES / 4);
    const n = this.workers.length + 1;
    const { worker, ready } = await spawnWorker((what) => this.fail(`worker thread ${n} ${what}`));
    this.workers.push(worker);
    this.slots.push(slot);
    this.argViews.push(new Float64Array(memory.buffer, slot + ARGS_AT, MAX_ARGS));
    this.works.push({ ptr: 0, bytes: 0 });
    worker.postMessage({ module, memory, slot });
    await ready;
  }

  /** Threads a job is split over, the calling thread included. */
  get threads(): number {
    return this.workers.length + 1;
  }

  /** Throws, saying why, once a worker has died. */
  check(): void {
    if (this.failure) throw new Error(`wasm backend: unusable: ${this.failure}; create a new backend`);
  }

  /** Scratch of at least `bytes` for worker `w` (0-based), kept and replaced only when too small. */
  workerScratch(w: number, bytes: number): number {
    const s = this.works[w];
    if (bytes > s.bytes) {
      if (s.bytes > 0) this.heap.free(s.ptr);
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
    this.check();
    if (jobs.length > this.threads) throw new Error(`thread pool: ${jobs.length} jobs for ${this.threads} threads`);
    for (const args of jobs) {
      if (args.length > MAX_ARGS) throw new Error(`thread pool: ${kernel} takes ${args.length} arguments, a slot holds ${MAX_ARGS}`);
    }
    const i32 = this.heap.i32;
    this.seq++;
    for (let w = 0; w + 1 < jobs.length; w++) {
      const args = jobs[w + 1];
      const s = this.slots[w] / 4;
      i32[s + KERNEL] = POOL_KERNELS.indexOf(kernel);
      i32[s + ARGC] = args.length;
      this.argViews[w].set(args);
      Atomics.store(i32, s + SEQ, this.seq);
      Atomics.notify(i32, s + SEQ);
    }
    const t0 = performance.now();
    // the workers keep writing into shared memory until DONE: wait for them even if this share throws
    try {
      (k[kernel] as (...args: number[]) => void)(...jobs[0]);
    } finally {
      const t1 = performance.now();
      const deadline = t1 + this.stallMs + 10 * (t1 - t0);
      for (let w = 0; w + 1 < jobs.length; w++) this.waitFor(w, kernel, deadline, deadline - t1);
    }
    const failed = jobs.slice(1).filter((_, w) => i32[this.slots[w] / 4 + FAILED] !== 0).length;
    if (failed > 0) throw new Error(`wasm backend: ${kernel} trapped on ${failed} worker thread${failed > 1 ? "s" : ""} (memory access out of bounds?)`);
  }

  /**
   * Spins until worker `w` has finished the current job (the main thread of a browser may not
   * Atomics.wait), failing the pool if that takes past `deadline`.
   */
  private waitFor(w: number, kernel: PoolKernel, deadline: number, allowedMs: number): void {
    const i32 = this.heap.i32;
    const done = this.slots[w] / 4 + DONE;
    for (let spins = 1; Atomics.load(i32, done) !== this.seq; spins++) {
      if (spins % 4096 === 0 && performance.now() > deadline) {
        this.fail(`worker thread ${w + 1} did not finish ${kernel} within ${(allowedMs / 1000).toFixed(1)} s: it died (out of memory? terminated?) or hangs`);
        this.check();
      }
    }
  }

  /** Records the first failure and stops every worker; ignored once the pool was stopped on purpose. */
  private fail(what: string): void {
    if (this.stopped || this.failure) return;
    this.failure = what;
    this.terminate();
  }

  /** Stops the workers (the pool is unusable afterwards). */
  terminate(): void {
    this.stopped = true;
    this.workers.forEach((w) => w.terminate());
  }
}
