/**
 * Where a lesson reports as it runs: a live line while a model trains, and a line that stays when
 * a run ends.
 *
 * @example
 * progress.update("relu-deep", 420, 1876, "loss 0.3121"); progress.done("relu-deep: 97.02% test accuracy");
 */
export interface Progress {
  /** The state of a run: step `step` of `total`, and what to show beside it. */
  update(run: string, step: number, total: number, info: string): void;
  /** A line that stays (a run's result). */
  done(line: string): void;
}

/** The live line redraws at most this often (ms). */
const REDRAW_MS = 100;
/** Without a terminal, each run prints its state this many times. */
const PLAIN_UPDATES = 4;

/**
 * A {@link Progress} writing to `write`: in a terminal one line redrawn in place; elsewhere (a pipe,
 * a log file) a plain line at each quarter of a run.
 *
 * @example
 * const progress = terminalProgress((t) => process.stdout.write(t), process.stdout.isTTY === true);
 */
export function terminalProgress(write: (text: string) => void, tty: boolean): Progress {
  let last = 0;
  let live = false;
  let quarter = new Map<string, number>();
  return {
    update(run, step, total, info) {
      const line = `${run}  step ${step}/${total}  ${info}`;
      if (tty) {
        const now = performance.now();
        if (now - last < REDRAW_MS && step < total) return;
        last = now;
        write(`\r${line}\x1b[K`);
        live = true;
        return;
      }
      const reached = Math.floor((step * PLAIN_UPDATES) / total);
      if (reached > (quarter.get(run) ?? 0) && step < total) {
        quarter.set(run, reached);
        write(`${line}\n`);
      }
    },
    done(line) {
      write(`${live ? "\r\x1b[K" : ""}${line}\n`);
      live = false;
      quarter = new Map();
    },
  };
}

