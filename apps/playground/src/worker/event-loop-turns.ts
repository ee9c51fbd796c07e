/**
 * Longest stretch of training between turns of the worker's event loop: a pause, a save or a drawn
 * digit waits at most about this long. Longer than a step, so a turn (≥ 4 ms once timers nest)
 * costs a few percent of training time, as it did when `fit` gave the turns.
 */
const TURN_MS = 50;

/**
 * Returns a function to await between training steps: it lets the worker handle its queued
 * messages once more than {@link TURN_MS} ms of work went by since the last turn, and costs
 * nothing otherwise.
 *
 * @example
 * const turn = eventLoopTurns();
 * while (training) { await trainer.step(); await turn(); }
 */
export function eventLoopTurns(): () => Promise<void> | void {
  let last = performance.now();
  return () => {
    if (performance.now() - last <= TURN_MS) return;
    return new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => {
      last = performance.now();
    });
  };
}
