/** Longest stretch of work between yields to the event loop, so progress bars, UIs and signal handlers run. */
const YIELD_MS = 50;

/**
 * Returns a function to await between steps of a long loop: it gives the event loop a turn once
 * more than 50 ms of work went by since the last turn (YIELD_MS), and costs nothing otherwise.
 *
 * @example
 * const breathe = hostYielder();
 * for (const batch of batches) { work(batch); await breathe(); }
 */
export function hostYielder(): () => Promise<void> | void {
  let last = performance.now();
  return () => {
    if (performance.now() - last <= YIELD_MS) return;
    return new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => {
      last = performance.now();
    });
  };
}
