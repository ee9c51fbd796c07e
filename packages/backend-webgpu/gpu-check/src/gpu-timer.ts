/**
 * The GPU's own time for the work submitted between {@link GpuTimer.start} and {@link GpuTimer.stop}:
 * each submits an empty compute pass that writes a timestamp, and the queue runs everything in
 * order, so the difference spans exactly the work in between (and any gap where the host did not
 * keep the GPU busy).
 */
export class GpuTimer {
  private readonly queries: GPUQuerySet;
  private readonly resolved: GPUBuffer;
  private readonly readable: GPUBuffer;

  constructor(private readonly device: GPUDevice) {
    this.queries = device.createQuerySet({ type: "timestamp", count: 2 });
    this.resolved = device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    this.readable = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  }

  /** Submits the first timestamp: work submitted after it is timed. */
  start(): void {
    this.device.queue.submit([this.mark({ querySet: this.queries, beginningOfPassWriteIndex: 0 }).finish()]);
  }

  /** Submits the second timestamp and resolves with the seconds between the two, once the GPU gets there. */
  async stop(): Promise<number> {
    const commands = this.mark({ querySet: this.queries, endOfPassWriteIndex: 1 });
    commands.resolveQuerySet(this.queries, 0, 2, this.resolved, 0);
    commands.copyBufferToBuffer(this.resolved, 0, this.readable, 0, 16);
    this.device.queue.submit([commands.finish()]);
    await this.readable.mapAsync(GPUMapMode.READ);
    const [begin, end] = new BigUint64Array(this.readable.getMappedRange().slice(0));
    this.readable.unmap();
    return Number(end - begin) / 1e9;
  }

  /** Frees the query set and buffers. */
  destroy(): void {
    this.queries.destroy();
    this.resolved.destroy();
    this.readable.destroy();
  }

  private mark(timestampWrites: GPUComputePassTimestampWrites): GPUCommandEncoder {
    const commands = this.device.createCommandEncoder();
    commands.beginComputePass({ timestampWrites }).end();
    return commands;
  }
}
