import type { BatchLog, Callback, TrainContext } from "@chainrule/train";

/** Where SIGINT comes from: `process`, or an EventEmitter in tests. */
export interface SignalSource {
  on(event: "SIGINT", listener: () => void): unknown;
  off(event: "SIGINT", listener: () => void): unknown;
}

/** Options of {@link InterruptHandler}. */
export interface InterruptOptions {
  signals: SignalSource;
  /** Called on the second Ctrl-C with 130 (128 + SIGINT), the code of a process ended by Ctrl-C. */
  exit: (code: number) => void;
  warn: (line: string) => void;
}

/**
 * Ctrl-C during a run. The first asks `fit` to stop after the step it is on, so the run still
 * tests and writes what it has trained; a second quits at once. While listening it replaces
 * Node's default of dying on the spot, which would lose the whole run.
 *
 * @example
 * const interrupt = new InterruptHandler({ signals: process, exit: (c) => process.exit(c), warn: console.error });
 * try { await fit(model, { ..., callbacks: [interrupt] }); } finally { interrupt.dispose(); }
 */
export class InterruptHandler implements Callback {
  /** Where training stopped (1-based epoch, step within it), or null when it was not interrupted. */
  stoppedAt: { epoch: number; step: number } | null = null;
  private requested = false;

  constructor(private readonly opts: InterruptOptions) {
    opts.signals.on("SIGINT", this.onSignal);
  }

  onBatchEnd(log: BatchLog, ctx: TrainContext): void {
    if (!this.requested) return;
    // fit reads a step's log while the next step computes, so the step under way when the stop is
    // asked still trains and reports: the last log after the request is where training stopped
    this.stoppedAt = { epoch: log.epoch + 1, step: log.batch + 1 };
    ctx.stop("interrupted (Ctrl-C)");
  }

  /** Stops listening: Ctrl-C ends the process again. */
  dispose(): void {
    this.opts.signals.off("SIGINT", this.onSignal);
  }

  private readonly onSignal = (): void => {
    if (this.requested) {
      this.opts.exit(130);
      return;
    }
    this.requested = true;
    this.opts.warn("chainrule-mnist: Ctrl-C: stopping after this step, then testing and writing what was trained (Ctrl-C again quits at once)");
  };
}
