/**
 * Bytes of the size class that holds `bytes`: multiples of 16 up to 256, then four classes per
 * power of two (2^e · {1, 1.25, 1.5, 1.75}), so a buffer is at most 25% larger than asked for and
 * a workload that asks for the same sizes again gets the same buffers back.
 *
 * @example
 * sizeClass(4 * 100); // 448: 400 bytes round up to 1.75 · 256
 */
export function sizeClass(bytes: number): number {
  if (bytes <= 256) return Math.max(16, Math.ceil(bytes / 16) * 16);
  const step = 2 ** (Math.floor(Math.log2(bytes)) - 2);
  return Math.ceil(bytes / step) * step;
}

/**
 * GPU buffers of one usage, reused by size class. A buffer given back waits in its class for the
 * next request of that class; the pool never shrinks until `destroy`, so a steady workload stops
 * creating buffers after its first step.
 *
 * Giving a buffer back while the GPU may still be using it is safe: every later use of it is a
 * command on the same queue (a dispatch, a copy, a `writeBuffer`), and WebGPU runs the queue in
 * order, so the next owner's commands run after the earlier ones have finished with it.
 */
export class BufferPool {
  private readonly idle = new Map<number, GPUBuffer[]>();
  private readonly made = new Set<GPUBuffer>();
  private madeBytes = 0;

  /** `create(bytes)` makes a buffer of exactly that many bytes. */
  constructor(private readonly create: (bytes: number) => GPUBuffer) {}

  /**
   * A buffer of at least `bytes` (its size class), and whether it was just made: a new WebGPU
   * buffer holds zeros, a reused one whatever its last owner left.
   */
  take(bytes: number): { buffer: GPUBuffer; fresh: boolean } {
    const size = sizeClass(bytes);
    const reused = this.idle.get(size)?.pop();
    if (reused) return { buffer: reused, fresh: false };
    const buffer = this.create(size);
    this.made.add(buffer);
    this.madeBytes += size;
    return { buffer, fresh: true };
  }

  /** Returns a buffer from `take` for reuse. */
  give(buffer: GPUBuffer): void {
    const list = this.idle.get(buffer.size);
    if (list) list.push(buffer);
    else this.idle.set(buffer.size, [buffer]);
  }

  /** Bytes of every buffer the pool has made, in use or idle. */
  get bytes(): number {
    return this.madeBytes;
  }

  /** Buffers the pool has made, in use or idle. */
  get buffers(): number {
    return this.made.size;
  }

  /** Destroys every buffer the pool made. */
  destroy(): void {
    for (const buffer of this.made) buffer.destroy();
    this.made.clear();
    this.idle.clear();
    this.madeBytes = 0;
  }
}
