const PAGE = 65536;
const ALIGN = 16;

/**
 * Size class of a request: multiples of 16 bytes up to 256, then four classes per power of two
 * (p, 1.25p, 1.5p, 1.75p). A freed block serves any later request of its class, so a training
 * loop that frees and re-allocates the same shapes reuses the same blocks, and no class wastes
 * more than 25%.
 */
export function sizeClass(bytes: number): number {
  const b = Math.max(bytes, ALIGN);
  if (b <= 256) return Math.ceil(b / ALIGN) * ALIGN;
  const quarter = 2 ** Math.floor(Math.log2(b)) / 4;
  return Math.ceil(b / quarter) * quarter;
}

/**
 * Hands out 16-byte-aligned blocks of a WebAssembly memory: segregated free lists per size
 * class over a bump pointer that grows the memory on demand. Blocks are never split or merged,
 * which is what lets a steady workload reach a fixed footprint.
 *
 * Growing a non-shared memory detaches every view of the old buffer (reads then give undefined
 * and writes vanish silently), so callers must take views from `f32` / `i32` after any `alloc`.
 *
 * @example
 * const heap = new LinearAllocator(new WebAssembly.Memory({ initial: 1 }), 1024);
 * const p = heap.alloc(400);
 * heap.f32.fill(1, p / 4, p / 4 + 100);
 * heap.free(p, 400);
 */
export class LinearAllocator {
  private top: number;
  private readonly freeLists = new Map<number, number[]>();
  private f32View: Float32Array;
  private i32View: Int32Array;

  constructor(readonly memory: WebAssembly.Memory, base: number) {
    this.top = Math.ceil(base / ALIGN) * ALIGN;
    this.f32View = new Float32Array(memory.buffer);
    this.i32View = new Int32Array(memory.buffer);
  }

  /** A float view of the whole memory, re-derived when the memory has grown. */
  get f32(): Float32Array {
    if (this.f32View.byteLength !== this.memory.buffer.byteLength) this.f32View = new Float32Array(this.memory.buffer);
    return this.f32View;
  }

  /** An int view of the whole memory, re-derived when the memory has grown. */
  get i32(): Int32Array {
    if (this.i32View.byteLength !== this.memory.buffer.byteLength) this.i32View = new Int32Array(this.memory.buffer);
    return this.i32View;
  }

  /** Bytes of linear memory reserved so far (the high-water mark of the heap). */
  get capacity(): number {
    return this.memory.buffer.byteLength;
  }

  /** Address of a block of at least `bytes` (contents undefined), 16-byte aligned. */
  alloc(bytes: number): number {
    const size = sizeClass(bytes);
    const reused = this.freeLists.get(size)?.pop();
    if (reused !== undefined) return reused;
    const ptr = this.top;
    const end = ptr + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      // grow by at least half again, so a growing workload triggers O(log n) growths
      const pages = Math.max(Math.ceil((end - have) / PAGE), Math.ceil(have / PAGE / 2));
      try {
        this.memory.grow(pages);
      } catch {
        throw new RangeError(`wasm backend: out of memory allocating ${bytes} bytes (linear memory is ${have} bytes)`);
      }
    }
    this.top = end;
    return ptr;
  }

  /** Returns a block from `alloc(bytes)` to its free list. */
  free(ptr: number, bytes: number): void {
    const size = sizeClass(bytes);
    let list = this.freeLists.get(size);
    if (!list) this.freeLists.set(size, (list = []));
    list.push(ptr);
  }
}
