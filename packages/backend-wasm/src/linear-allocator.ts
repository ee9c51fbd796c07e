const PAGE = 65536;
const ALIGN = 16;

/**
 * Free-list bin of a block size (a multiple of 16 below 2³²): one bin per 16 bytes up to 256, then
 * four per power of two (p, 1.25p, 1.5p, 1.75p). Every block in a bin above a request's own bin is
 * large enough for it, so a request searches only its own bin and then takes the first block found.
 */
function binOf(size: number): number {
  if (size <= 256) return size / ALIGN - 1;
  const e = 31 - Math.clz32(size);
  return 16 + (e - 8) * 4 + Math.floor((size - 2 ** e) / 2 ** (e - 2));
}

/**
 * Hands out 16-byte-aligned blocks of a WebAssembly memory. Blocks tile the heap from `base` up to
 * a top past which the memory is unused; a freed block merges with the free blocks on either side
 * (found by their start and end addresses), a free run that reaches the top lowers the top, and a
 * request takes the best fit from its size bin or a block from a larger bin and splits off the rest.
 * So freed space serves any later request that fits in it, and a loop that frees and re-allocates
 * the same sizes gets the same blocks back and a fixed footprint. alloc and free cost O(1) map
 * operations plus a scan of one bin.
 *
 * The memory grows on demand and never shrinks (WebAssembly has no way to give memory back). Growing
 * a non-shared memory detaches every view of the old buffer (reads then give undefined and writes
 * vanish silently), so callers must take views from `f32` / `i32` after any `alloc`.
 *
 * @example
 * const heap = new LinearAllocator(new WebAssembly.Memory({ initial: 1 }), 1024);
 * const p = heap.alloc(400);
 * heap.f32.fill(1, p / 4, p / 4 + 100);
 * heap.free(p);
 */
export class LinearAllocator {
  private top: number;
  private topMax: number;
  private liveTotal = 0;
  private freeTotal = 0;
  private readonly used = new Map<number, number>(); // live block: start → size
  private readonly freeAt = new Map<number, number>(); // free block: start → size
  private readonly freeEnding = new Map<number, number>(); // free block: end → start
  private readonly bins: Set<number>[] = []; // starts of the free blocks, by binOf(size)
  private f32View: Float32Array;
  private i32View: Int32Array;

  constructor(readonly memory: WebAssembly.Memory, base: number) {
    this.top = this.topMax = Math.ceil(base / ALIGN) * ALIGN;
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

  /** Bytes of linear memory reserved so far. */
  get capacity(): number {
    return this.memory.buffer.byteLength;
  }

  /** The end of the highest block ever handed out: stops moving once a workload reuses its blocks. */
  get highWater(): number {
    return this.topMax;
  }

  /** Address of a block of at least `bytes` (contents undefined), 16-byte aligned. */
  alloc(bytes: number): number {
    if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError(`wasm backend: cannot allocate ${bytes} bytes`);
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    const ptr = this.takeFree(size) ?? this.takeTop(size, bytes);
    this.used.set(ptr, size);
    this.liveTotal += size;
    return ptr;
  }

  /** Returns a block from `alloc` to the heap. */
  free(ptr: number): void {
    const size = this.used.get(ptr);
    if (size === undefined) throw new Error(`wasm backend: free of address ${ptr}, which is not a live block (freed twice?)`);
    this.used.delete(ptr);
    this.liveTotal -= size;
    let start = ptr, end = ptr + size;
    const after = this.freeAt.get(end);
    if (after !== undefined) {
      this.unlinkFree(end, after);
      end += after;
    }
    const before = this.freeEnding.get(start);
    if (before !== undefined) {
      this.unlinkFree(before, start - before);
      start = before;
    }
    if (end === this.top) this.top = start;
    else this.linkFree(start, end - start);
  }

  /** A free block of at least `size` bytes, split to exactly `size`; undefined when none fits. */
  private takeFree(size: number): number | undefined {
    if (this.freeTotal < size) return undefined;
    const own = binOf(size);
    let best: number | undefined, bestSize = Infinity;
    // best fit in the request's own bin: a steady loop finds the very block it freed
    for (const start of this.bins[own] ?? []) {
      const s = this.freeAt.get(start)!;
      if (s >= size && s < bestSize) [best, bestSize] = [start, s];
      if (s === size) break;
    }
    for (let b = own + 1; best === undefined && b < this.bins.length; b++) {
      const first = this.bins[b]?.values().next();
      if (first && !first.done) [best, bestSize] = [first.value, this.freeAt.get(first.value)!];
    }
    if (best === undefined) return undefined;
    this.unlinkFree(best, bestSize);
    if (bestSize > size) this.linkFree(best + size, bestSize - size);
    return best;
  }

  /** `size` bytes at the top of the heap, growing the memory when they pass its end. */
  private takeTop(size: number, asked: number): number {
    const ptr = this.top, have = this.capacity;
    if (ptr + size > have) {
      const need = Math.ceil((ptr + size - have) / PAGE);
      // half again when it fits, so a growing workload grows O(log n) times; near the maximum, just what is missing
      const half = Math.ceil(have / PAGE / 2);
      if (!this.tryGrow(Math.max(need, half)) && !this.tryGrow(need)) throw this.outOfMemory(asked, need);
    }
    this.top = ptr + size;
    this.topMax = Math.max(this.topMax, this.top);
    return ptr;
  }

  private tryGrow(pages: number): boolean {
    try {
      this.memory.grow(pages);
      return true;
    } catch {
      return false;
    }
  }

  private outOfMemory(asked: number, pages: number): RangeError {
    const tail = this.capacity - this.top;
    let largest = tail;
    for (const s of this.freeAt.values()) largest = Math.max(largest, s);
    return new RangeError(
      `wasm backend: out of memory allocating ${asked} bytes: ${this.liveTotal} bytes live, ${this.freeTotal + tail} free ` +
        `(largest free block ${largest} bytes) in ${this.capacity} bytes of linear memory, which cannot grow by the ${pages} pages needed`,
    );
  }

  private linkFree(start: number, size: number): void {
    this.freeAt.set(start, size);
    this.freeEnding.set(start + size, start);
    (this.bins[binOf(size)] ??= new Set()).add(start);
    this.freeTotal += size;
  }

  private unlinkFree(start: number, size: number): void {
    this.freeAt.delete(start);
    this.freeEnding.delete(start + size);
    this.bins[binOf(size)].delete(start);
    this.freeTotal -= size;
  }
}
