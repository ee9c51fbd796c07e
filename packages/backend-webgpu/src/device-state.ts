/**
 * Whether a backend can still run, and why not: disposed, its device lost, or an error the device
 * reported (out of memory). The first reason wins; every later call throws it and every pending
 * wait (a read mapping its staging buffer) rejects with it at once, so nothing hangs on a device
 * that will never answer.
 */
export class DeviceState {
  private reason: Error | null = null;
  private readonly ended: Promise<never>;
  private rejectEnded!: (reason: Error) => void;
  /** Error scopes not yet reported (new buffers checked for out of memory). */
  private readonly scopes = new Set<Promise<void>>();

  constructor() {
    this.ended = new Promise<never>((_, reject) => (this.rejectEnded = reject));
    // the backend may end with nobody waiting on it
    this.ended.catch(() => {});
  }

  /** Whether the backend has ended, for whatever reason. */
  get over(): boolean {
    return this.reason !== null;
  }

  /** Throws the reason the backend ended, if it has. */
  check(): void {
    if (this.reason) throw this.reason;
  }

  /** Ends the backend with `reason`, unless it has already ended. */
  end(reason: Error): void {
    if (this.reason) return;
    this.reason = reason;
    this.rejectEnded(reason);
  }

  /** `work`, or the reason the backend ends, whichever comes first. */
  async waitFor<T>(work: Promise<T>): Promise<T> {
    this.check();
    return Promise.race([work, this.ended]);
  }

  /** Ends the backend with `describe(error)` if the error scope `scope` reports an error. */
  watch(scope: Promise<GPUError | null>, describe: (error: GPUError) => Error): void {
    const watched: Promise<void> = scope.then(
      (error) => {
        if (error) this.end(describe(error));
      },
      () => {}, // the device went away first; its lost promise says so
    ).finally(() => this.scopes.delete(watched));
    this.scopes.add(watched);
  }

  /** Resolves when every watched error scope has reported. */
  async settled(): Promise<void> {
    await Promise.all(this.scopes);
  }
}
